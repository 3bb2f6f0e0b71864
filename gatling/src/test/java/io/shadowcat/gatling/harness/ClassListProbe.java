package io.shadowcat.gatling.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Supplier;

/** A JVM's worth of class loading for {@link GatlingClassesTest}: classes from jars, one from a directory, a lambda. */
public final class ClassListProbe {
    private ClassListProbe() {
    }

    public static void main(String[] args) throws Exception {
        Supplier<String> json = () -> "{\"probe\":" + args.length + "}";
        System.out.println(new ObjectMapper().readTree(json.get()).path("probe").asInt());
    }
}
