package io.shadowcat.gatling.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gatling JVM's class archive, with real JVMs: the first run lists its classes, the dump archives those in jars,
 * later runs map it.
 */
class GatlingClassesTest {
    private static final String PROBE = ClassListProbe.class.getName();

    @TempDir
    Path directory;

    /** This module's test classes (a directory) and the Jackson jars the probe loads, directory first. */
    private static String classpath() {
        String jackson = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.contains("jackson") && entry.endsWith(".jar")).collect(Collectors.joining(File.pathSeparator));
        return Path.of("target/test-classes").toAbsolutePath() + File.pathSeparator + jackson;
    }

    @Test
    void theFirstRunListsItsClassesTheDumpArchivesThoseInJarsAndLaterRunsMapThem() throws Exception {
        Path cds = directory.resolve("cds");
        GatlingClasses classes = new GatlingClasses(Stack.java(), classpath(), List.of(), cds);
        assertThat(classes.classpath()).as("jars first").contains("jackson").endsWith("test-classes");

        List<String> first = classes.options();
        assertThat(first).singleElement().asString().startsWith("-XX:DumpLoadedClassList=");
        assertThat(run(classes, first, List.of())).isZero();
        classes.ended(0);
        Path list;
        try (var files = Files.list(cds)) {
            list = files.filter(f -> f.toString().endsWith(".classlist")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(list)).contains("com/fasterxml/jackson/databind/ObjectMapper")
                .as("a class of the directory, and lambda proxies, would crash the dump").doesNotContain("ClassListProbe")
                .doesNotContain("@lambda-proxy");
        assertThat(classes.options()).as("nothing to do until the dump").isEmpty();

        assertThat(classes.dump(directory.resolve("dump.log"))).isTrue();
        assertThat(classes.archive()).isRegularFile();
        List<String> later = classes.options();
        assertThat(later).contains("-XX:SharedArchiveFile=" + classes.archive());
        Path loads = directory.resolve("class-load.log");
        assertThat(run(classes, later, List.of("-Xlog:class+load=info:file=" + loads))).isZero();
        assertThat(Files.readString(loads))
                .contains("com.fasterxml.jackson.databind.ObjectMapper source: shared objects file");
        try (var files = Files.list(cds)) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void aRunThatDidNotEndWellKeepsNoListAndOtherJarsListsAreRemoved() throws Exception {
        Path cds = Files.createDirectories(directory.resolve("cds"));
        Path otherJars = Files.writeString(cds.resolve("gatling-0123456789abcdef.jsa"), "an archive of other jars");
        Path otherCommand = Files.writeString(cds.resolve("server-0123456789abcdef.jsa"), "the proxy's archive");
        GatlingClasses classes = new GatlingClasses(Stack.java(), classpath(), List.of(), cds);

        List<String> options = classes.options();
        assertThat(otherJars).doesNotExist();
        assertThat(otherCommand).exists();
        Path writing = Path.of(options.get(0).substring("-XX:DumpLoadedClassList=".length()));
        Files.writeString(writing, "java/lang/Object id: 0\n");
        classes.ended(137); // killed: its list may be cut short
        assertThat(writing).doesNotExist();
        assertThat(classes.dump(directory.resolve("dump.log"))).as("no list, no dump").isFalse();
        assertThat(classes.options()).as("the next run lists again").singleElement().asString()
                .startsWith("-XX:DumpLoadedClassList=");
    }

    private int run(GatlingClasses classes, List<String> options, List<String> more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Stack.java()));
        command.addAll(options);
        command.addAll(more);
        command.addAll(List.of("-cp", classes.classpath(), PROBE));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("probe.log").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
