package org.cgml.nn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting trees cgml wrote, and making them durable (writing files is {@link org.cgml.api.OutputFiles}). */
public final class Folders {
    private Folders() {
    }

    /**
     * Deletes {@code root} and everything under it, if it exists: entries in reverse name order, deepest first (so
     * in a checkpoint folder state.properties and model.index go before the model data, which a reader restoring at
     * that moment takes as "pruned", not "corrupt"). Only for trees cgml wrote.
     */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** fsync of every file and folder under {@code root}, deepest first (a folder's: renames into it survive power loss). */
    public static void syncTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                sync(p);
            }
        }
    }

    /** fsync of one file or folder. */
    public static void sync(Path p) throws IOException {
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(p,
                java.nio.file.StandardOpenOption.READ)) {
            c.force(true);
        }
    }
}
