package org.cgml.nn.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.cgml.api.Architecture;
import org.cgml.api.TrainingConfig;
import org.cgml.api.TrainingConfig.Precision;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * The precision a session actually computes in, resolved from the {@code precision} setting, the network and the
 * machine, with the reason (recorded in a run's provenance). Variables, checkpoints and exports stay float32 either
 * way: bf16 is TensorFlow's graph rewrite of the compute ops (oneDNN's bfloat16 pass on a CPU; on a GPU its
 * {@code auto_mixed_precision} pass, float16, which this project has never run).
 *
 * @param used   {@link Precision#FP32} or {@link Precision#BF16}
 * @param reason one line saying why, naming the CPU's bfloat16 flags
 */
public record PrecisionChoice(Precision used, String reason) {

    /**
     * The networks ({@code mlp}, {@code unet}) whose held-out figures were shown to hold in bf16 (3 seeds, within
     * fp32's seed spread; docs/RESULTS.md): {@code auto} picks bf16 only for these. None is measured yet, so
     * {@code auto} is fp32 everywhere.
     */
    public static final Set<String> AUTO_BF16_NETWORKS = Set.of();

    /** The CPU flags that mean native bfloat16 arithmetic. */
    public static final Set<String> BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");

    /**
     * What the machine offers.
     *
     * @param cpuFlags the CPU's feature flags (Linux /proc/cpuinfo's {@code flags}; empty elsewhere)
     * @param gpu      whether TensorFlow sees a GPU
     */
    public record Hardware(Set<String> cpuFlags, boolean gpu) {
        private static Hardware system;

        /** This machine, looked up once. */
        public static synchronized Hardware system() {
            if (system == null) {
                system = new Hardware(cpuFlags(Path.of("/proc/cpuinfo")), gpuVisible());
            }
            return system;
        }

        /** The CPU's bfloat16 flags present, sorted (empty: no native bfloat16). */
        public Set<String> bf16Flags() {
            Set<String> out = new TreeSet<>(cpuFlags);
            out.retainAll(BF16_FLAGS);
            return out;
        }

        /** The flags of the first processor in a /proc/cpuinfo-style file; empty if it is absent or unreadable. */
        public static Set<String> cpuFlags(Path cpuinfo) {
            try {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                    if (line.startsWith("flags")) {
                        return Set.copyOf(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or no access: no flags known
            }
            return Set.of();
        }

        /** Whether a TensorFlow session on this machine lists a GPU device (never on the CPU-only build). */
        private static boolean gpuVisible() {
            org.tensorflow.TensorFlow.version(); // loads the native library
            var status = org.tensorflow.internal.c_api.global.tensorflow.TF_NewStatus();
            var graph = org.tensorflow.internal.c_api.global.tensorflow.TF_NewGraph();
            var options = org.tensorflow.internal.c_api.global.tensorflow.TF_NewSessionOptions();
            try {
                var session = org.tensorflow.internal.c_api.global.tensorflow.TF_NewSession(graph, options, status);
                if (session == null || session.isNull()) {
                    return false;
                }
                try {
                    var list = org.tensorflow.internal.c_api.global.tensorflow.TF_SessionListDevices(session, status);
                    if (list == null || list.isNull()) {
                        return false;
                    }
                    try {
                        int n = org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListCount(list);
                        for (int i = 0; i < n; i++) {
                            var type = org.tensorflow.internal.c_api.global.tensorflow.TF_DeviceListType(list, i, status);
                            if (type != null && !type.isNull() && type.getString().equals("GPU")) {
                                return true;
                            }
                        }
                        return false;
                    } finally {
                        org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteDeviceList(list);
                    }
                } finally {
                    org.tensorflow.internal.c_api.global.tensorflow.TF_CloseSession(session, status);
                    org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSession(session, status);
                }
            } finally {
                org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteSessionOptions(options);
                org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteGraph(graph);
                org.tensorflow.internal.c_api.global.tensorflow.TF_DeleteStatus(status);
            }
        }
    }

    /** The network's name in {@link #AUTO_BF16_NETWORKS}. */
    public static String network(Architecture architecture) {
        return architecture instanceof Architecture.Mlp ? "mlp" : "unet";
    }

    /** {@link #of(Precision, Architecture, boolean, Hardware)} on this machine. */
    public static PrecisionChoice of(TrainingConfig config, Architecture architecture, boolean training) {
        return of(config.get(TrainingConfig.PRECISION), architecture, training, Hardware.system());
    }

    /**
     * The precision to compute in. {@code bf16} asked for training on a machine without bfloat16 (no
     * avx512_bf16 or amx_bf16, no GPU) is refused: oneDNN would emulate it, slower than fp32, or the run would not
     * be what its config says; a model only sampled falls back to fp32 and says so.
     *
     * @throws IllegalArgumentException bf16 asked for training where the machine has no bfloat16
     */
    public static PrecisionChoice of(Precision asked, Architecture architecture, boolean training, Hardware hw) {
        Set<String> flags = hw.bf16Flags();
        String cpu = flags.isEmpty() ? "CPU without avx512_bf16 or amx_bf16" : "CPU flags " + String.join(" ", flags);
        String device = hw.gpu() ? "GPU; " + cpu : cpu;
        boolean capable = hw.gpu() || !flags.isEmpty();
        String net = network(architecture);
        return switch (asked) {
            case FP32 -> new PrecisionChoice(Precision.FP32, "fp32 asked (" + device + ")");
            case BF16 -> {
                if (capable) {
                    yield new PrecisionChoice(Precision.BF16, "bf16 asked (" + device + ")");
                }
                if (training) {
                    throw new IllegalArgumentException("precision=bf16 needs a CPU with bfloat16 instructions "
                            + "(avx512_bf16 or amx_bf16) and this one has neither; use precision=fp32 or auto");
                }
                yield new PrecisionChoice(Precision.FP32, "bf16 asked, but " + cpu + ": sampling in fp32");
            }
            case AUTO -> {
                if (!capable) {
                    yield new PrecisionChoice(Precision.FP32, "auto: " + device);
                }
                if (!AUTO_BF16_NETWORKS.contains(net)) {
                    yield new PrecisionChoice(Precision.FP32, "auto: " + device + ", but bf16 is not yet shown to "
                            + "keep the figures of the " + net + " network");
                }
                yield new PrecisionChoice(Precision.BF16, "auto: " + device + ", " + net + " measured in bf16");
            }
        };
    }

    /** {@code proto} with this precision's graph rewrite switched on (nothing for fp32). */
    public ConfigProto.Builder apply(ConfigProto.Builder proto, Hardware hw) {
        if (used != Precision.BF16) {
            return proto;
        }
        RewriterConfig.Builder rewriter = proto.getGraphOptionsBuilder().getRewriteOptionsBuilder();
        if (hw.gpu()) {
            rewriter.setAutoMixedPrecision(RewriterConfig.Toggle.ON);
        } else {
            rewriter.setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
        }
        return proto;
    }

    /** {@code fp32} or {@code bf16}. */
    public String name() {
        return used.name().toLowerCase(Locale.ROOT);
    }
}
