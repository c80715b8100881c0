package com.provider.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs what the build packaged, as an operator or a Kubernetes Job would: the jar, or after {@code -Dnative} the
 * native executable (target/quarkus-artifact.properties says which), with only the environment and system
 * properties given (none of the build's DOUYIN_*, AFTER_SALE_* or QUARKUS_* variables), until it exits.
 */
public final class PackagedApp {

    private PackagedApp() {
    }

    /** How a run ended: its exit code and everything it wrote. */
    public record Exited(int exitCode, String output) {
    }

    public static Exited runUntilExit(Map<String, String> environment, List<String> systemProperties, Duration patience)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(systemProperties)).redirectErrorStream(true);
        File output = Files.createTempFile("packaged-app", ".log").toFile();
        builder.redirectOutput(output);
        Map<String, String> processEnvironment = builder.environment();
        processEnvironment.keySet().removeIf(name -> name.startsWith("DOUYIN_") || name.startsWith("AFTER_SALE_")
                || name.startsWith("QUARKUS_"));
        processEnvironment.putAll(environment);
        Process process = builder.start();
        try {
            boolean exited = process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
            String text = Files.readString(output.toPath(), StandardCharsets.UTF_8);
            assertTrue(exited, "still running after " + patience + ":\n" + text);
            return new Exited(process.exitValue(), text);
        } finally {
            process.destroyForcibly();
            output.delete();
        }
    }

    private static List<String> command(List<String> systemProperties) throws IOException {
        Path artifact = artifact();
        List<String> command = new ArrayList<>();
        if (artifact.toString().endsWith(".jar")) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(systemProperties);
            command.add("-jar");
            command.add(artifact.toString());
        } else {
            command.add(artifact.toString());
            command.addAll(systemProperties);
        }
        return command;
    }

    private static Path artifact() throws IOException {
        Path description = Path.of("target", "quarkus-artifact.properties");
        assertTrue(Files.exists(description), "the application is packaged before integration tests: " + description);
        Properties artifact = new Properties();
        try (var in = Files.newInputStream(description)) {
            artifact.load(in);
        }
        Path path = Path.of("target").resolve(artifact.getProperty("path"));
        assertTrue(Files.exists(path), "the packaged application: " + path);
        return path;
    }
}
