package org.l2l4j.examples.spark;

import java.util.ArrayList;
import java.util.List;
import org.l2l4j.core.MetaTrainingConfig;
import org.l2l4j.core.metatrain.ShardRun;

/**
 * The time per MNIST meta-training epoch on a cluster of E executors (one task slot each, one shard each),
 * projected from the costs {@link SparkBenchmark} measures on one machine. Per truncation:
 * <pre>
 *   compute   = fixed + perNetwork * networksPerShard           a shard on one core (measured)
 *   spark     = perStage + perTask * E                         the driver's scheduling and result handling
 *                                                              (measured in local mode, executor work included)
 *   transfer  = 2 * E * 8P / bandwidth + 2 * roundTrip          phi out to each executor, a gradient back from
 *                                                              each, through the driver's link (assumed)
 *   broadcast = the driver's cost to create phi's broadcast (measured)
 *   sum       = a + b * E                                      the driver's arrays, sum, clipping, Adam (measured)
 *   epoch     = truncations * (compute + spark + transfer + broadcast + sum) + validation on the driver (measured)
 * </pre>
 * Weak scaling keeps the networks per executor (the batch grows with E), strong scaling a fixed batch.
 */
public final class ScalingModel {
    private ScalingModel() {}

    /**
     * What one machine cannot measure, and the shapes projected.
     *
     * @param driverBytesPerSecond the driver's network link, each direction (10 Gbit/s Ethernet: 1.25e9)
     * @param roundTripMs          one request and answer between driver and an executor in a data centre
     * @param networksPerExecutor  weak scaling: networks in each executor's shard
     * @param fixedBatch           strong scaling: networks per epoch
     * @param executors            cluster sizes projected
     */
    public record Assumptions(double driverBytesPerSecond, double roundTripMs, int networksPerExecutor, int fixedBatch,
                              int[] executors) {
        public static Assumptions defaults() {
            return new Assumptions(1.25e9, 0.5, 4, 512, new int[]{8, 64, 512});
        }
    }

    /**
     * @param driverShare share of a truncation spent by the driver and the network (everything but compute)
     * @param limit       the largest term of a truncation
     */
    public record Projection(String scaling, int executors, int networksPerShard, int batch, double computeMs, double sparkMs,
                             double transferMs, double broadcastMs, double sumMs, double truncationMs, double epochSeconds,
                             double epochSecondsWithValidation, double driverShare, String limit) {}

    /** Both scalings for every cluster size of the assumptions, then the break-even cluster sizes. */
    static List<Projection> project(SparkBenchmark.StageFit stage, List<SparkBenchmark.DriverSum> sums, double broadcastMs,
                                    SparkBenchmark.Mnist mnist, MetaTrainingConfig config, Assumptions a) {
        double[] sum = line(sums);
        int truncations = ShardRun.truncations(config, 1);   // the MNIST defaults: one horizon every epoch
        List<Projection> out = new ArrayList<>();
        for (String scaling : new String[]{"weak", "strong"})
            for (int e : a.executors()) {
                int networks = scaling.equals("weak") ? a.networksPerExecutor() : Math.max(1, a.fixedBatch() / e);
                double compute = mnist.fixedMs() + mnist.perNetworkMs() * networks;
                double spark = stage.perStageMs() + stage.perTaskMs() * e;
                double transfer = 2.0 * e * 8.0 * mnist.phiParameters() / a.driverBytesPerSecond() * 1e3 + 2 * a.roundTripMs();
                double driverSum = sum[0] + sum[1] * e;
                double truncation = compute + spark + transfer + broadcastMs + driverSum;
                double epoch = truncations * truncation / 1e3;
                String limit = compute >= Math.max(spark, Math.max(transfer, driverSum)) ? "compute"
                        : spark >= Math.max(transfer, driverSum) ? "Spark's scheduling on the driver"
                        : transfer >= driverSum ? "the driver's network link" : "the driver's sum";
                out.add(new Projection(scaling, e, networks, networks * e, compute, spark, transfer, broadcastMs, driverSum,
                        truncation, epoch, epoch + mnist.validationSeconds(), 1 - compute / truncation, limit));
            }
        return out;
    }

    /**
     * Weak scaling: the cluster size at which the driver's time per truncation equals a shard's compute, and the one at
     * which the transfer alone (phi out, gradients in) does.
     */
    static BreakEven breakEven(SparkBenchmark.StageFit stage, List<SparkBenchmark.DriverSum> sums, double broadcastMs,
                               SparkBenchmark.Mnist mnist, Assumptions a) {
        double[] sum = line(sums);
        double compute = mnist.fixedMs() + mnist.perNetworkMs() * a.networksPerExecutor();
        double perExecutorTransfer = 2.0 * 8.0 * mnist.phiParameters() / a.driverBytesPerSecond() * 1e3;
        double fixed = stage.perStageMs() + 2 * a.roundTripMs() + broadcastMs + sum[0];
        double perExecutor = stage.perTaskMs() + perExecutorTransfer + sum[1];
        return new BreakEven(a.networksPerExecutor(), (compute - fixed) / perExecutor,
                (compute - 2 * a.roundTripMs()) / perExecutorTransfer);
    }

    /**
     * @param driverEqualsCompute executors at which the driver and the network take as long per truncation as a shard's compute
     * @param linkEqualsCompute   executors at which the driver's link alone does
     */
    public record BreakEven(int networksPerExecutor, double driverEqualsCompute, double linkEqualsCompute) {}

    /** The driver's sum time against shards: {intercept, slope}. */
    private static double[] line(List<SparkBenchmark.DriverSum> sums) {
        var l = Line.fit(sums.stream().mapToDouble(SparkBenchmark.DriverSum::shards).toArray(),
                sums.stream().mapToDouble(SparkBenchmark.DriverSum::ms).toArray());
        return new double[]{l.intercept(), l.slope()};
    }

    /** y = intercept + slope * x by least squares. */
    record Line(double intercept, double slope) {
        static Line fit(double[] x, double[] y) {
            double n = x.length, sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int i = 0; i < x.length; i++) {
                sx += x[i];
                sy += y[i];
                sxx += x[i] * x[i];
                sxy += x[i] * y[i];
            }
            double slope = n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : sy / sx;
            return new Line((sy - slope * sx) / n, slope);
        }
    }
}
