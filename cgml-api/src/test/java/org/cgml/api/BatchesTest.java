package org.cgml.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchesTest {
    /** index i -> x = i, y = seed-dependent value (as a corrupted target would be). */
    private static final Dataset DATA = new Dataset() {
        @Override
        public int size() {
            return 10;
        }

        @Override
        public void example(int index, long seed, float[] in, int inOff, float[] target, int tOff) {
            in[inOff] = index;
            target[tOff] = (float) (seed % 1000);
        }
    };

    @Test
    void everyEpochIsAPermutationAndEpochsDiffer() {
        Batches b = new Batches(DATA, 1, 1, 42);
        float[] x = new float[10];
        float[] y = new float[10];
        b.next(10, x, y);
        float[] first = x.clone();
        b.next(10, x, y);
        float[] sorted = x.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertFalse(Arrays.equals(first, x), "epochs are reshuffled");
    }

    @Test
    void seekingToARecordedPositionReplaysTheSameBatches() {
        Batches a = new Batches(DATA, 1, 1, 7);
        float[] x = new float[4];
        float[] y = new float[4];
        for (int i = 0; i < 5; i++) {
            a.next(4, x, y);
        }
        Batches.Position pos = a.position();
        float[] xa = new float[4];
        float[] ya = new float[4];
        a.next(4, xa, ya);
        Batches b = new Batches(DATA, 1, 1, 7);
        b.seek(pos.epoch(), pos.cursor());
        float[] xb = new float[4];
        float[] yb = new float[4];
        b.next(4, xb, yb);
        assertArrayEquals(xa, xb);
        assertArrayEquals(ya, yb);
        assertEquals(1, pos.epoch(), "20 examples of 10: the end of epoch 1 (the wrap happens on the next draw)");
        assertEquals(10, pos.cursor());
    }
}
