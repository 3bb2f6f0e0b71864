package io.shadowcat;

import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

/** The Shadowcat executable: the proxy server and every command. */
public final class ShadowcatApplication extends Application<ShadowcatConfiguration> {

    public static void main(String[] args) throws Exception {
        new ShadowcatApplication().run(args);
    }

    @Override
    public String getName() {
        return "shadowcat";
    }

    @Override
    public void initialize(Bootstrap<ShadowcatConfiguration> bootstrap) {
    }

    @Override
    public void run(ShadowcatConfiguration configuration, Environment environment) {
    }
}
