package org.l2l4j.core.metatrain;

import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The finite-difference check the meta-gradient tests share: central differences over a range of phi's weights. */
final class CentralDifferences {
    private CentralDifferences() {}

    static final double H = 1e-5;

    /**
     * The largest relative error, over weights [from, to) of phi (1 x P, restored after each probe), between the
     * analytical meta-gradient and (loss(phi + h e_i) - loss(phi - h e_i)) / 2h; errors are relative to
     * |numerical| + |analytical|, or to {@code scale} where both are smaller (weights with a near-zero gradient).
     */
    static double worstRelativeError(INDArray phi, int from, int to, INDArray analytical, double scale,
                                     ToDoubleFunction<INDArray> loss) {
        double worst = 0;
        for (int i = from; i < to; i++) {
            double original = phi.getDouble(0, i);
            phi.putScalar(0, i, original + H);
            double plus = loss.applyAsDouble(phi);
            phi.putScalar(0, i, original - H);
            double minus = loss.applyAsDouble(phi);
            phi.putScalar(0, i, original);
            double numerical = (plus - minus) / (2 * H), a = analytical.getDouble(0, i);
            worst = Math.max(worst, Math.abs(numerical - a) / Math.max(Math.abs(numerical) + Math.abs(a), scale));
        }
        return worst;
    }
}
