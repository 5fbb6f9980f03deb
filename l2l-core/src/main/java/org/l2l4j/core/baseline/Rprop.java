package org.l2l4j.core.baseline;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Rprop (Riedmiller and Braun, 1993), the variant of Torch7's optim.rprop that the paper's baselines
 * used (iRprop-): each coordinate keeps its own step size, multiplied by {@code etaPlus} while the
 * gradient keeps its sign and by {@code etaMinus} when it flips (the step is then skipped), clamped to
 * [stepMin, stepMax]; the update is sign(gradient) * step size. ND4J has no Rprop; this one is an
 * ordinary {@link IUpdater}, so DL4J networks can use it too. The learning rate is the initial step size.
 */
public final class Rprop implements IUpdater {
    public static final double DEFAULT_LEARNING_RATE = 0.1, DEFAULT_ETA_PLUS = 1.2, DEFAULT_ETA_MINUS = 0.5,
            DEFAULT_STEP_MIN = 1e-6, DEFAULT_STEP_MAX = 50;

    private double learningRate = DEFAULT_LEARNING_RATE;
    private double etaPlus = DEFAULT_ETA_PLUS;
    private double etaMinus = DEFAULT_ETA_MINUS;
    private double stepMin = DEFAULT_STEP_MIN;
    private double stepMax = DEFAULT_STEP_MAX;

    /** For JSON. */
    public Rprop() {}

    public Rprop(double learningRate) {
        this(learningRate, DEFAULT_ETA_PLUS, DEFAULT_ETA_MINUS, DEFAULT_STEP_MIN, DEFAULT_STEP_MAX);
    }

    public Rprop(double learningRate, double etaPlus, double etaMinus, double stepMin, double stepMax) {
        if (!(learningRate > 0) || !(etaPlus >= 1) || !(etaMinus > 0 && etaMinus <= 1) || !(stepMin > 0) || !(stepMax >= stepMin))
            throw new IllegalArgumentException("Rprop needs learningRate > 0, etaPlus >= 1, 0 < etaMinus <= 1, "
                    + "0 < stepMin <= stepMax; got " + learningRate + ", " + etaPlus + ", " + etaMinus + ", " + stepMin + ", " + stepMax);
        this.learningRate = learningRate;
        this.etaPlus = etaPlus;
        this.etaMinus = etaMinus;
        this.stepMin = stepMin;
        this.stepMax = stepMax;
    }

    /** Two planes: the previous gradient and the per-coordinate step size. */
    @Override public long stateSize(long numParams) { return 2 * numParams; }

    @Override public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        var u = new RpropUpdater(this);
        long[] shape = viewArray.shape().clone();
        shape[shape.length - 1] /= 2;
        u.setStateViewArray(viewArray, shape, viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        var u = new RpropUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override public Rprop clone() { return new Rprop(learningRate, etaPlus, etaMinus, stepMin, stepMax); }

    @Override public double getLearningRate(int iteration, int epoch) { return learningRate; }

    @Override public boolean hasLearningRate() { return true; }

    @Override public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (lrSchedule != null) throw new UnsupportedOperationException("Rprop adapts its own step sizes; schedules do not apply");
        this.learningRate = lr;
    }

    public double getLearningRate() { return learningRate; }
    public double getEtaPlus() { return etaPlus; }
    public double getEtaMinus() { return etaMinus; }
    public double getStepMin() { return stepMin; }
    public double getStepMax() { return stepMax; }
    public void setLearningRate(double v) { learningRate = v; }
    public void setEtaPlus(double v) { etaPlus = v; }
    public void setEtaMinus(double v) { etaMinus = v; }
    public void setStepMin(double v) { stepMin = v; }
    public void setStepMax(double v) { stepMax = v; }

    @Override public boolean equals(Object o) {
        return o instanceof Rprop r && r.learningRate == learningRate && r.etaPlus == etaPlus && r.etaMinus == etaMinus
                && r.stepMin == stepMin && r.stepMax == stepMax;
    }

    @Override public int hashCode() { return Objects.hash(learningRate, etaPlus, etaMinus, stepMin, stepMax); }

    @Override public String toString() {
        return "Rprop(learningRate=" + learningRate + ", etaPlus=" + etaPlus + ", etaMinus=" + etaMinus
                + ", stepMin=" + stepMin + ", stepMax=" + stepMax + ")";
    }
}
