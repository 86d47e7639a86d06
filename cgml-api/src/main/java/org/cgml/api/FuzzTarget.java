package org.cgml.api;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A file reader offered to {@code cgml bench fuzz}: valid files to mutate, and the read itself. A module provides its
 * readers through {@link ServiceLoader} ({@code provides org.cgml.api.FuzzTarget with ...}); a read of any mutated
 * file must return or throw an {@link IOException} or {@link IllegalArgumentException} with one message, never hang,
 * never throw anything else and never fill the heap.
 */
public interface FuzzTarget {
    /** Name on the command line and in the report, e.g. {@code idx}. */
    String name();

    /** Valid files for this reader, written into the empty folder {@code dir}. */
    List<Path> seeds(Path dir) throws IOException;

    /** Reads {@code file} (a mutated seed, alone in its folder, under the seed's file name) as users' data is read. */
    void read(Path file) throws IOException;

    /** Every target on the module path, in {@link ServiceLoader} order. */
    static List<FuzzTarget> installed() {
        return ServiceLoader.load(FuzzTarget.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
