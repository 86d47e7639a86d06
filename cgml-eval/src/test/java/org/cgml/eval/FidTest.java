package org.cgml.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FID and KID against scipy / numpy on fixed features (scripts/fid-reference.py): FID as pytorch-fid's
 * calculate_frechet_distance (scipy.linalg.sqrtm of the covariances' product), KID as torch-fidelity (polynomial
 * kernel, unbiased MMD^2, subsets drawn by numpy), each within 1e-3 relative.
 */
class FidTest {

    static double[][] features(String name) throws IOException {
        try (InputStream in = FidTest.class.getResourceAsStream("fid/stats-" + name + ".csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble).toArray())
                    .toArray(double[][]::new);
        }
    }

    static Map<String, Double> expected() throws IOException {
        try (InputStream in = FidTest.class.getResourceAsStream("fid/distances.csv")) {
            Map<String, Double> m = new HashMap<>();
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",");
                m.put(f[0] + "," + f[1] + "," + f[2], Double.parseDouble(f[3]));
            }
            return m;
        }
    }

    private static void assertRelative(double want, double got, String what) {
        assertEquals(want, got, 1e-3 * Math.abs(want), what);
    }

    @Test
    void frechetDistanceEqualsPytorchFidsOnFixedFeatures() throws IOException {
        Map<String, Double> want = expected();
        double[][] x = features("x");
        double[][] y = features("y");
        assertRelative(want.get("fid,x,y"), Fid.of(x, y), "50 x 8 against 30 x 8");
        assertRelative(want.get("fid,x,y"), Fid.of(y, x), "symmetric");
        // fewer rows than dimensions: singular covariances
        assertRelative(want.get("fid,xs,ys"), Fid.of(features("xs"), features("ys")), "6 x 8 against 5 x 8");
        assertEquals(0, Fid.of(x, x), 1e-9, "a set against itself");
        // more rows than dimensions, and a constant and a dependent column: not positive definite
        assertRelative(want.get("fid,xc,y"), Fid.of(features("xc"), y), "20 x 8 of rank 6 against 30 x 8");
    }

    @Test
    void statisticsFromMeanAndCovarianceGiveTheSameDistance() throws IOException {
        Map<String, Double> want = expected();
        for (String[] pair : new String[][] {{"x", "y"}, {"xs", "ys"}, {"xc", "y"}}) {
            Fid.Statistics a = Fid.Statistics.of(features(pair[0]));
            Fid.Statistics b = Fid.Statistics.of(features(pair[1]));
            Fid.Statistics a2 = Fid.Statistics.of(a.mean(), a.covariance());
            Fid.Statistics b2 = Fid.Statistics.of(b.mean(), b.covariance());
            assertRelative(want.get("fid," + pair[0] + "," + pair[1]), Fid.distance(a2, b2), pair[0] + " from sigma");
            assertRelative(want.get("fid," + pair[0] + "," + pair[1]), Fid.distance(a, b2), pair[0] + " mixed");
        }
    }

    @Test
    void everyFactorMultipliesBackToItsCovariance() throws IOException {
        for (String name : List.of("x", "xs", "xc")) {
            double[][] f = features(name);
            double[][] cov = Fid.Statistics.of(f).covariance();
            int d = cov.length;
            double[][] direct = new double[d][d]; // numpy.cov: sum of products of deviations over n - 1
            double[] mean = Fid.Statistics.of(f).mean();
            for (double[] row : f) {
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        direct[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]) / (f.length - 1);
                    }
                }
            }
            for (double[][] factor : List.of(Fid.Statistics.of(f).factor(), Fid.covarianceFactor(direct), Fid.symmetricSqrt(direct, 0))) {
                double[][] back = Fid.gram(Fid.transpose(factor));
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        assertEquals(direct[i][j], back[i][j], 1e-9 * (1 + Math.abs(direct[i][i])), name + " " + i + "," + j);
                        assertEquals(direct[i][j], cov[i][j], 1e-9 * (1 + Math.abs(direct[i][i])), name + " " + i + "," + j);
                    }
                }
            }
        }
    }

    @Test
    void unbiasedMmdEqualsNumpys() throws IOException {
        Map<String, Double> want = expected();
        double[][] x = features("x");
        double[][] y = features("y");
        assertRelative(want.get("mmd2,x,y"), Kid.mmd2(x, y), "50 against 30 rows");
        assertRelative(want.get("mmd2,x30,y"), Kid.mmd2(java.util.Arrays.copyOf(x, 30), y), "30 against 30 rows");
    }

    @Test
    void kidOverSubsetsEqualsTorchFidelitysOnItsSubsets() throws IOException {
        Map<String, Double> want = expected();
        List<String> lines;
        try (InputStream in = FidTest.class.getResourceAsStream("fid/kid-subsets.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        int[][] ia = new int[lines.size()][];
        int[][] ib = new int[lines.size()][];
        for (int s = 0; s < lines.size(); s++) {
            String[] halves = lines.get(s).split("\\|");
            ia[s] = java.util.Arrays.stream(halves[0].split(" ")).mapToInt(Integer::parseInt).toArray();
            ib[s] = java.util.Arrays.stream(halves[1].split(" ")).mapToInt(Integer::parseInt).toArray();
        }
        Kid.Result r = Kid.over(features("x"), features("y"), ia, ib);
        assertRelative(want.get("kid_mean,x,y"), r.mean(), "KID mean over 4 subsets of 20");
        assertRelative(want.get("kid_std,x,y"), r.std(), "KID std over 4 subsets of 20");
        assertEquals(20, r.subsetSize());
        assertEquals(4, r.subsets());
    }

    @Test
    void kidSubsetsAreSeededAndWholeSetsGiveTheFullEstimate() throws IOException {
        double[][] x = java.util.Arrays.copyOf(features("x"), 30);
        double[][] y = features("y");
        Kid.Result whole = Kid.of(x, y, 30, 3, 5);
        assertEquals(Kid.mmd2(x, y), whole.mean(), 1e-9 * Math.abs(whole.mean()), "every subset is a reordering");
        assertEquals(0, whole.std(), 1e-9 * Math.abs(whole.mean()));
        Kid.Result a = Kid.of(features("x"), y, 1);
        assertEquals(30, a.subsetSize(), "at most the smaller set");
        assertEquals(Kid.SUBSETS, a.subsets());
        assertEquals(a, Kid.of(features("x"), y, 1), "same seed, same subsets");
        assertNotEquals(a.mean(), Kid.of(features("x"), y, 2).mean(), "another seed, other subsets");
        assertThrows(IllegalArgumentException.class, () -> Kid.of(x, y, 31, 1, 1));
    }

    @Test
    void tooFewOrNonFiniteFeaturesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Fid.of(new double[][] {{1, 2}}, new double[][] {{1, 2}, {3, 4}}));
        assertThrows(IllegalArgumentException.class,
                () -> Fid.of(new double[][] {{1, Double.NaN}, {0, 0}}, new double[][] {{1, 2}, {3, 4}}));
        assertThrows(IllegalArgumentException.class,
                () -> Fid.of(new double[][] {{1, 2}, {0, 0}}, new double[][] {{1, 2, 3}, {3, 4, 5}}));
    }
}
