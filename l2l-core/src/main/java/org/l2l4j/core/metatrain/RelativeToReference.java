package org.l2l4j.core.metatrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.l2l4j.core.host.Workers;
import org.l2l4j.core.problem.LossCurve;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Rollout;
import org.l2l4j.core.problem.Seeds;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validation on several tasks at once, made comparable by a reference optimizer: the score is the mean over
 * tasks of ln(tail loss of the optimizer / tail loss of the reference), the tail loss being the mean loss of the
 * last {@code tail} steps (minibatch losses, as a DL4J user reads them), averaged over the task's instances, with
 * a task on which the optimizer is behind the reference counted {@code lossWeight} times: an optimizer meant to
 * replace the reference everywhere should not buy a large gain on some tasks with a loss on another. A score of 0
 * is the reference's; -0.69 halves its final loss on average. A task on which the optimizer's tail loss is not
 * finite makes the score +infinity: a diverging optimizer is never kept.
 *
 * <p>The reference runs once, on first use; the tasks' instances are drawn once, from the validation seeds.
 */
public final class RelativeToReference implements Validation {
    private static final Logger log = LoggerFactory.getLogger(RelativeToReference.class);

    /** A validation task: {@code instances} problems of {@code family}, run for {@code horizon} steps. */
    public record Task(String name, ProblemFamily family, int instances, int horizon) {
        public Task {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(family, "family");
            if (instances < 1 || horizon < 1) throw new IllegalArgumentException("validation task " + name
                    + " needs instances and horizon >= 1, got " + instances + ", " + horizon);
        }
    }

    private final List<Task> tasks;
    private final Validation.Frozen reference;
    private final String referenceName;
    private final int tail;
    private final double lossWeight;
    private final long seed;
    private final DataType type;
    private List<ProblemBatch> batches;
    private double[] referenceTails;
    private double[] lastRatios;

    /**
     * @param referenceName what the reference is, for provenance
     * @param reference the optimizer scores are relative to (e.g. Adam at 1e-3, DL4J's default)
     * @param lossWeight how many times a task where the optimizer is behind the reference counts (1: a plain mean)
     * @param seed      the run seed the validation instances are drawn from
     */
    public RelativeToReference(List<Task> tasks, String referenceName, Validation.Frozen reference, int tail, double lossWeight,
                               long seed, DataType type) {
        if (!(lossWeight >= 1)) throw new IllegalArgumentException("lossWeight must be >= 1, got " + lossWeight);
        this.lossWeight = lossWeight;
        this.referenceName = Objects.requireNonNull(referenceName, "referenceName");
        if (tasks.isEmpty()) throw new IllegalArgumentException("validation needs at least one task");
        this.tasks = List.copyOf(tasks);
        this.reference = Objects.requireNonNull(reference, "reference");
        if (tail < 1) throw new IllegalArgumentException("tail must be >= 1, got " + tail);
        for (Task t : tasks)
            if (t.horizon() < tail) throw new IllegalArgumentException("validation task " + t.name() + " runs " + t.horizon()
                    + " steps, fewer than the tail of " + tail);
        this.tail = tail;
        this.seed = seed;
        this.type = type;
    }

    public List<Task> tasks() { return tasks; }

    @Override public java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("score", "mean over tasks of ln(tail loss / reference's tail loss), tail = mean loss of the last " + tail
                + " steps over the instances, a task behind the reference counted " + lossWeight + " times; +infinity if any diverged");
        d.put("reference", referenceName);
        List<Object> described = new ArrayList<>();
        for (Task t : tasks) {
            java.util.Map<String, Object> task = new java.util.LinkedHashMap<>();
            task.put("name", t.name());
            task.put("instances", t.instances());
            task.put("horizon", t.horizon());
            task.put("family", t.family().name());
            task.put("settings", t.family().settings());
            described.add(task);
        }
        d.put("tasks", described);
        return d;
    }

    @Override public synchronized double score(Validation.Frozen optimizer, Workers pool) {
        if (batches == null) {
            batches = new ArrayList<>();
            for (Task t : tasks) batches.add(t.family().sample(seed, Seeds.Purpose.VALIDATION, 0, t.instances(), type));
            referenceTails = tails(reference, pool);
            log.info("validation reference: {}", describe(referenceTails));
        }
        double[] tails = tails(optimizer, pool);
        lastRatios = new double[tails.length];
        double sum = 0;
        for (int i = 0; i < tails.length; i++) {
            lastRatios[i] = tails[i] / referenceTails[i];
            double log = Math.log(lastRatios[i]);
            if (!Double.isFinite(tails[i])) sum = Double.POSITIVE_INFINITY;
            else sum += log > 0 ? lossWeight * log : log;
        }
        log.info("validation, tail loss / reference: {}", describe(lastRatios));
        return sum / tails.length;
    }

    /** Each task's ratio to the reference at the last scoring, in task order (null before the first). */
    public synchronized double[] lastRatios() {
        return lastRatios == null ? null : lastRatios.clone();
    }

    /** Each task on a task of the pool (whose optimizer steps run their chunks on the same pool). */
    private double[] tails(Validation.Frozen optimizer, Workers pool) {
        double[] tails = new double[tasks.size()];
        pool.run(tasks.size(), (i, lane) -> {
            ProblemBatch batch = batches.get(i);
            tails[i] = tailLoss(Rollout.run(batch, optimizer.rule(batch), tasks.get(i).horizon()), tail);
        });
        return tails;
    }

    /** Mean over instances of the mean loss of the last {@code tail} steps; NaN stays NaN. */
    static double tailLoss(LossCurve curve, int tail) {
        double[] mean = curve.mean();
        double sum = 0;
        for (int s = mean.length - tail; s < mean.length; s++) sum += mean[s];
        return sum / tail;
    }

    private String describe(double[] values) {
        var s = new StringBuilder();
        for (int i = 0; i < values.length; i++)
            s.append(i == 0 ? "" : ", ").append(tasks.get(i).name()).append(' ').append(String.format(Locale.ROOT, "%.4g", values[i]));
        return s.toString();
    }
}
