package com.provider.common;

import com.provider.common.health.SchemaVersion;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The version a pod waits for before it is ready is the last migration of the build: a new migration without it
 * would let pods take callbacks on a schema their code does not know, and one beyond it would keep them unready.
 */
class SchemaVersionTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void theRequiredVersionIsTheLastMigration() throws IOException, URISyntaxException {
        Path migrations = Path.of(SchemaVersionTest.class.getClassLoader().getResource("db/migration").toURI());
        List<Integer> versions;
        try (Stream<Path> files = Files.list(migrations)) {
            versions = files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(name -> Integer.valueOf(name.group(1)))
                    .sorted()
                    .toList();
        }
        assertFalse(versions.isEmpty(), "migrations in " + migrations);
        assertEquals(versions.get(versions.size() - 1), SchemaVersion.REQUIRED,
                "SchemaVersion.REQUIRED is the last migration of " + versions);
    }
}
