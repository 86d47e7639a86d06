package org.cgml.tasks.spectral;

import java.io.IOException;

/**
 * A mesh file or catalogue that cannot be read: names the file (or model), where it fails ("line 12", "byte 345",
 * or none for whole-file problems) and why, e.g. {@code chair.obj: line 12: face index 40 outside 1..39}.
 */
public final class MeshFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String location;
    private final String reason;

    /** A failure in {@code file} at {@code location} (null when the whole file is at fault) because of {@code reason}. */
    public MeshFormatException(String file, String location, String reason) {
        super(file + ": " + (location == null ? "" : location + ": ") + reason);
        this.file = file;
        this.location = location;
        this.reason = reason;
    }

    /** The file or model name. */
    public String file() {
        return file;
    }

    /** Where the file fails, e.g. {@code line 12} or {@code byte 345}; null when the whole file is at fault. */
    public String location() {
        return location;
    }

    /** The reason alone, without the file name and location. */
    public String reason() {
        return reason;
    }
}
