package org.l2l4j.examples.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * One optimizer on one task, over its seeds: what {@code suite.json} records for it. Non-finite values are
 * written as null.
 *
 * @param learningRate      a baseline's learning rate (tuned or default); null for an optimizer under study
 * @param tuning            a tuned baseline's search: every grid point's score on the tuning seeds
 * @param meanLoss          the training loss at every iteration, mean over seeds (NaN where a seed has none)
 * @param meanSeconds       wall time at the end of every iteration, mean over seeds
 * @param finalLoss         mean over seeds of each run's mean training loss over the last iterations; NaN if any
 *                          seed diverged
 * @param finalLossStderr   its standard error over seeds (NaN for one seed)
 * @param parameterNorm     the L2 norm of the parameters after training, mean over seeds (NaN if any seed diverged)
 * @param regularization    the penalty DL4J includes in the training loss after training (weight decay, L1, L2),
 *                          mean over seeds: {@code finalLoss} minus it is the data loss
 * @param secondsPerIteration        the fit's wall time per iteration, mean over seeds
 * @param forwardBackwardSecondsPerIteration fetching the minibatch, forward pass, loss and backpropagation
 * @param updaterSecondsPerIteration gradient normalization and regularization, the updater, the subtraction
 * @param divergedSeeds     seeds whose run diverged (see each run's divergedAt and failure)
 */
@JsonPropertyOrder({"optimizer", "kind", "learningRate", "seeds", "finalLoss", "finalLossStderr", "heldOut", "parameterNorm", "regularization",
        "secondsPerIteration", "forwardBackwardSecondsPerIteration", "updaterSecondsPerIteration", "diverged", "divergedSeeds",
        "tuning", "meanLoss", "meanSeconds", "runs"})
public record OptimizerResult(String optimizer, Kind kind, Double learningRate, Map<String, Object> tuning, List<Long> seeds,
                              double[] meanLoss, double[] meanSeconds, double finalLoss, double finalLossStderr,
                              HeldOut heldOut, double parameterNorm, double regularization, double secondsPerIteration, double forwardBackwardSecondsPerIteration,
                              double updaterSecondsPerIteration, boolean diverged, List<Long> divergedSeeds, List<Run> runs) {

    public enum Kind { learned, baseline }

    /** The held-out metric after training, mean and standard error over seeds (NaN if any seed diverged). */
    @JsonPropertyOrder({"metric", "value", "stderr"})
    public record HeldOut(String metric, double value, double stderr) {}

    static OptimizerResult of(String name, Kind kind, Double learningRate, Map<String, Object> tuning, HeldOutMetric metric,
                              int iterations, List<Run> runs) {
        List<Long> seeds = runs.stream().map(Run::seed).toList();
        List<Long> diverged = runs.stream().filter(Run::diverged).map(Run::seed).toList();
        double[] finals = runs.stream().mapToDouble(Run::finalLoss).toArray();
        double[] heldOut = runs.stream().mapToDouble(Run::heldOut).toArray();
        return new OptimizerResult(name, kind, learningRate, tuning, seeds,
                meanOver(runs, iterations, Run::loss), meanOver(runs, iterations, Run::seconds),
                mean(finals), stderr(finals), new HeldOut(metric.id(), mean(heldOut), stderr(heldOut)),
                mean(runs.stream().mapToDouble(Run::parameterNorm).toArray()),
                mean(runs.stream().mapToDouble(Run::regularization).toArray()),
                mean(runs.stream().mapToDouble(r -> r.wallSeconds() / Math.max(1, r.iterations())).toArray()),
                mean(runs.stream().mapToDouble(r -> r.forwardBackwardSeconds() / Math.max(1, r.iterations())).toArray()),
                mean(runs.stream().mapToDouble(r -> r.updaterSeconds() / Math.max(1, r.iterations())).toArray()),
                !diverged.isEmpty(), diverged, new ArrayList<>(runs));
    }

    /** Per iteration, the mean over runs; NaN where a run has no finite value. */
    private static double[] meanOver(List<Run> runs, int iterations, java.util.function.Function<Run, double[]> values) {
        double[] mean = new double[iterations];
        for (int t = 0; t < iterations; t++) {
            double sum = 0;
            for (Run r : runs) {
                double[] v = values.apply(r);
                sum += t < v.length ? v[t] : Double.NaN;
            }
            mean[t] = sum / runs.size();
        }
        return mean;
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) sum += v;
        return x.length == 0 ? Double.NaN : sum / x.length;
    }

    /** Sample standard deviation over sqrt(n); NaN for fewer than two values. */
    static double stderr(double[] x) {
        if (x.length < 2) return Double.NaN;
        double m = mean(x), squares = 0;
        for (double v : x) squares += (v - m) * (v - m);
        return Math.sqrt(squares / (x.length - 1) / x.length);
    }
}
