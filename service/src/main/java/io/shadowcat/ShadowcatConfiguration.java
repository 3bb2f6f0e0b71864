package io.shadowcat;

import io.dropwizard.core.Configuration;

/** The root of {@code config.yml}. */
public class ShadowcatConfiguration extends Configuration {
}
