package org.cgml.nn.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * A run records the commit its code was built from: the launcher's (it may differ from the checkout's HEAD when the
 * checkout moved on while a build was in use), else the checkout's.
 */
class ProvenanceTest {

    @Test
    void theCommitTheLauncherBuiltFromIsRecordedOverTheCheckouts() {
        String fake = "0123456789abcdef0123456789abcdef01234567";
        String checkouts = Provenance.now("test", 1).gitCommit();
        assertNotEquals(fake, checkouts);
        try {
            System.setProperty(Provenance.BUILT_COMMIT, fake);
            System.setProperty(Provenance.BUILT_DIRTY, "true");
            Provenance built = Provenance.now("test", 1);
            assertEquals(fake, built.gitCommit());
            assertEquals(Boolean.TRUE, built.gitDirty());
            System.setProperty(Provenance.BUILT_DIRTY, "false");
            assertEquals(Boolean.FALSE, Provenance.now("test", 1).gitDirty());
            // jars the launcher did not build: the commit is not known, and neither is whether it was dirty
            System.setProperty(Provenance.BUILT_COMMIT, "unknown");
            System.clearProperty(Provenance.BUILT_DIRTY);
            Provenance unknown = Provenance.now("test", 1);
            assertEquals("unknown", unknown.gitCommit());
            assertNull(unknown.gitDirty());
        } finally {
            System.clearProperty(Provenance.BUILT_COMMIT);
            System.clearProperty(Provenance.BUILT_DIRTY);
        }
        assertEquals(checkouts, Provenance.now("test", 1).gitCommit());
    }
}
