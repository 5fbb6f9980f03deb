package org.l2l4j.core;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class SpeedProbeTest {
    static void time(String name, Runnable r) {
        for (int i = 0; i < 300; i++) r.run();
        long t0 = System.nanoTime();
        int n = 1000;
        for (int i = 0; i < n; i++) r.run();
        System.out.printf("%-40s %8.1f us%n", name, (System.nanoTime() - t0) / 1e3 / n);
    }
    @Test
    void probe() {
        if (Boolean.getBoolean("single")) {
            Nd4j.factory().blas().setMaxThreads(1);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            Nd4j.getEnvironment().setMaxThreads(1);
        }
        var arch = LstmArchitecture.paper(new Preprocessing.LogSign(10), 1.0);
        var config = new MetaTrainingConfig(arch, 20, 128, 100, 20, 3e-3, 0, MetaObjective.SUM, 128, 5,
                1.0, 0.0, 1, DataType.FLOAT);
        int n = 1280;
        var phi = MetaTrainer.initialWeights(config).castTo(DataType.FLOAT);
        var p = new LstmParameters(arch, phi);
        var grad = Nd4j.rand(DataType.FLOAT, n, 1).dup('f');
        var input = CoordinatewiseLstm.planes(n, 2, DataType.FLOAT);
        time("preprocess", () -> arch.preprocessing().apply(grad, input));
        var planes = Nd4j.zeros(DataType.FLOAT, n, 80).dup('f');
        var step = new LstmStep(arch, p, planes);
        var out = Nd4j.zeros(DataType.FLOAT, n, 1).dup('f');
        time("deploy step", () -> step.apply(grad, out));
        var gates = Block.of(CoordinatewiseLstm.planes(n, 80, DataType.FLOAT));
        var th = Block.of(CoordinatewiseLstm.planes(n, 20, DataType.FLOAT));
        var st = new LstmState(arch, planes);
        var in = Block.of(input);
        time("layer 0", () -> CoordinatewiseLstm.layer(p, 0, in, st.h[0], st.c[0], gates, th, st.h[0], st.c[0]));
        time("sigmoid gates", () -> Transforms.sigmoid(gates.array, false));
        time("bias loop", () -> { for (int j = 0; j < 80; j++) for (int i = 0; i < n; i++) gates.put(i, j, gates.get(i, j) + 1); });
        time("gemm", () -> Blas.gemm(false, false, 1, st.h[0], p.wh[0], 1, gates));
        var unroll = new LstmUnroll(arch, n, 20, DataType.FLOAT);
        var dphi = new LstmParameters(arch, Nd4j.zeros(DataType.FLOAT, 1, arch.parameterCount()));
        Block[] dL = new Block[21];
        for (int t = 1; t <= 20; t++) dL[t] = Block.of(Nd4j.rand(DataType.FLOAT, n, 1).dup('f'));
        var sb = Block.of(out);
        time("unroll 20 fwd", () -> { unroll.begin(planes); for (int t = 0; t < 20; t++) unroll.forward(p, grad, sb); });
        time("unroll 20 bwd", () -> unroll.backward(p, dphi, dL));
    }
}
