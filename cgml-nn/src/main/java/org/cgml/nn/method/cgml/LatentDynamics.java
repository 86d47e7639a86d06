package org.cgml.nn.method.cgml;

import java.util.List;
import org.cgml.api.TrainingConfig;
import org.cgml.nn.LatentUpdate;
import org.cgml.nn.graph.Dense;
import org.cgml.nn.graph.Mlp;
import org.cgml.nn.graph.Sphere;
import org.cgml.nn.graph.Weights;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The latent-dynamics network Z(z_t, h) of paper section 3.1: an MLP on [flatten(h), z] whose two heads
 * predict the next latent r (z_{t+1} directly) and the expected momentum rho.
 *
 * <p>rho's head is linear and the sampler clamps it at 0. docs/DESIGN.md puts it through softplus, but under the L1 fit
 * the softplus head dies: the tiny steps of the first iterations push it negative, where its gradient sigmoid(a)
 * vanishes, and it then predicted 0.02 where the recorded momentum was 0.4 (toy task; with rho at T = 20 that
 * left 58 % of samples on a branch against 89 % with the linear head).
 */
public final class LatentDynamics {
    private final Mlp trunk;
    private final Dense next;
    private final Dense momentum;

    private final boolean timed;

    /** Z on [h, z], or with {@code timed} on [h, z, s] (a flow's time s in [0, 1]). */
    LatentDynamics(Weights weights, long featureSize, int latent, long width, int layers, boolean timed) {
        this.timed = timed;
        this.trunk = new Mlp(weights, "trunk", featureSize + latent + (timed ? 1 : 0), width, Math.max(1, layers - 1),
                width);
        this.next = new Dense(weights, "next", width, latent);
        this.momentum = timed ? null : new Dense(weights, "rho", width, 1); // a flow has no momentum head
    }

    /**
     * Z for {@code task} under {@code config}: width and depth from the task's architecture (an MLP's layers, else
     * 3), a flow when {@code dynamics_fit = flow}; its variables drawn from {@code weights}.
     */
    static LatentDynamics of(org.cgml.api.Task task, org.cgml.api.TrainingConfig config, Weights weights,
                             long featureSize) {
        int layers = task.architecture() instanceof org.cgml.api.Architecture.Mlp m ? m.layers() : 3;
        return new LatentDynamics(weights, featureSize, task.latent().dimension(),
                task.architecture().dynamicsWidth(), layers,
                config.get(TrainingConfig.DYNAMICS_FIT) == org.cgml.api.TrainingConfig.DynamicsFit.FLOW);
    }

    /** Whether this Z is a flow (a velocity at a time s) rather than a step predictor. */
    public boolean flow() {
        return timed;
    }

    /**
     * z_T from the codes {@code z0}: {@code steps} steps of Eq. 4 moving z as {@code update} says, or for a flow
     * {@code steps} Euler steps of it from s = 0 to 1 (the update does not apply); proj onto the sphere when
     * {@code sphere}.
     */
    public Operand<TFloat32> move(Ops tf, Operand<TFloat32> hFlat, Operand<TFloat32> z0, int steps,
                                  LatentUpdate update, boolean sphere) {
        Operand<TFloat32> zt = z0;
        for (int t = 0; t < steps; t++) {
            zt = timed ? flowStep(tf, velocity(tf, hFlat, zt, time(tf, zt, (float) t / steps)), zt, 1f / steps, sphere)
                    : update(tf, apply(tf, hFlat, zt), zt, update, sphere);
        }
        return zt;
    }

    /** The time {@code s} for every row of {@code zt}, shape {@code [rows, 1]}. */
    private static Operand<TFloat32> time(Ops tf, Operand<TFloat32> zt, float s) {
        Operand<org.tensorflow.types.TInt32> rows = tf.slice(tf.shape(zt), tf.constant(new int[] {0}),
                tf.constant(new int[] {1}));
        return tf.fill(tf.concat(List.of(rows, tf.constant(new int[] {1})), tf.constant(0)), tf.constant(s));
    }

    /** (r, rho) for flattened features {@code [rows, featureSize]} and latents {@code [rows, n]}. */
    public Step apply(Ops tf, Operand<TFloat32> hFlat, Operand<TFloat32> z) {
        if (timed) {
            throw new IllegalStateException("this Z is a flow: it takes a time (velocity)");
        }
        Operand<TFloat32> a = Mlp.leaky(tf, trunk.apply(tf, tf.concat(List.of(hFlat, z), tf.constant(1))));
        Operand<TFloat32> rho = tf.reshape(momentum.apply(tf, a), tf.constant(new long[] {-1}));
        return new Step(next.apply(tf, a), rho);
    }

    /** The flow's velocity v(h, z_s, s) {@code [rows, n]} at times {@code s} {@code [rows, 1]} (the "next" head). */
    public Operand<TFloat32> velocity(Ops tf, Operand<TFloat32> hFlat, Operand<TFloat32> z, Operand<TFloat32> s) {
        if (!timed) {
            throw new IllegalStateException("this Z predicts steps, not a flow's velocity");
        }
        return next.apply(tf, Mlp.leaky(tf, trunk.apply(tf, tf.concat(List.of(hFlat, z, s), tf.constant(1)))));
    }

    /**
     * One Euler step of the flow, z_{k+1} = proj(z_k + dt (v - (v . z_k) z_k)) on the sphere (v's tangent part),
     * z_k + dt v off it.
     */
    public static Operand<TFloat32> flowStep(Ops tf, Operand<TFloat32> v, Operand<TFloat32> zt, float dt,
                                             boolean sphere) {
        Operand<TFloat32> w = v;
        if (sphere) {
            Operand<TFloat32> radial = tf.reduceSum(tf.math.mul(v, zt), tf.constant(1),
                    org.tensorflow.op.core.ReduceSum.keepDims(true));
            w = tf.math.sub(v, tf.math.mul(radial, zt));
        }
        Operand<TFloat32> moved = tf.math.add(zt, tf.math.mul(tf.constant(dt), w));
        return sphere ? Sphere.project(tf, moved) : moved;
    }

    /**
     * One sampling step, paper Eq. 4: z_{t+1} = proj(z_t + rho (r - z_t) / ||r - z_t||) with rho clamped at 0
     * ({@link LatentUpdate#MOMENTUM}), or z_{t+1} = proj(r) ({@link LatentUpdate#PLAIN}); proj only on the sphere.
     */
    public static Operand<TFloat32> update(Ops tf, Step s, Operand<TFloat32> zt, LatentUpdate update, boolean sphere) {
        Operand<TFloat32> moved;
        if (update == LatentUpdate.PLAIN) {
            moved = s.next();
        } else {
            Operand<TFloat32> d = tf.math.sub(s.next(), zt);
            Operand<TFloat32> length = Sphere.norms(tf, d);
            Operand<TFloat32> step = tf.math.maximum(tf.reshape(s.rho(), tf.constant(new long[] {-1, 1})),
                    tf.constant(0f));
            moved = tf.math.add(zt, tf.math.mul(step, tf.math.div(d, length)));
        }
        return sphere ? Sphere.project(tf, moved) : moved;
    }

    /** One prediction of Z: the next latent r {@code [rows, n]} and the momentum rho {@code [rows]}. */
    public record Step(Operand<TFloat32> next, Operand<TFloat32> rho) {
    }
}
