package org.l2l4j.core.problem;

/**
 * Loss per step of a set of runs: {@code losses[instance][step]}, step 0 being the initial loss.
 */
public record LossCurve(double[][] losses) {

    public int instances() { return losses.length; }

    public int steps() { return losses[0].length - 1; }

    public double[] mean() {
        double[] mean = new double[steps() + 1];
        for (double[] run : losses) for (int s = 0; s < mean.length; s++) mean[s] += run[s];
        for (int s = 0; s < mean.length; s++) mean[s] /= instances();
        return mean;
    }

    /** Standard error of the mean at each step (sample standard deviation / sqrt(instances)). */
    public double[] standardError() {
        double[] mean = mean();
        double[] se = new double[mean.length];
        if (instances() < 2) return se;
        for (double[] run : losses) for (int s = 0; s < se.length; s++) se[s] += (run[s] - mean[s]) * (run[s] - mean[s]);
        for (int s = 0; s < se.length; s++) se[s] = Math.sqrt(se[s] / (instances() - 1) / instances());
        return se;
    }

    public double finalMean() {
        double[] mean = mean();
        return mean[mean.length - 1];
    }
}
