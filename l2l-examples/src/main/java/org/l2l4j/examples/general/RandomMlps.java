package org.l2l4j.examples.general;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.l2l4j.core.problem.LabelledExamples;
import org.l2l4j.core.problem.MlpFamily;
import org.l2l4j.core.problem.ProblemBatch;
import org.l2l4j.core.problem.ProblemFamily;
import org.l2l4j.core.problem.Seeds;
import org.l2l4j.core.problem.Split;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A distribution over MLP tasks, one drawn per batch: a data set, classification or (on small images)
 * reconstruction, 1 to 3 hidden layers of 16 to 64 units, sigmoid, tanh or ReLU, DL4J's Xavier or ReLU
 * initialization or the paper's N(0, 0.01^2), minibatches of 32 to 256. The networks of the public suite are
 * never drawn (no width 20 or 128, no 784-64-64 tanh, no 784-input autoencoder), so the suite measures transfer.
 *
 * <p>A batch holds as many instances as fit {@code coordinates} parameters (at least one, at most the count the
 * meta-trainer asks for), which bounds the memory of a truncation's tape.
 *
 * @param data        the data sets, by name
 * @param coordinates parameters per batch to aim for
 */
record RandomMlps(Map<String, Split<LabelledExamples>> data, Map<String, String> sources, int coordinates)
        implements ProblemFamily {

    static final int[] WIDTHS = {16, 32, 48, 64}, MINIBATCHES = {32, 64, 128, 256};

    RandomMlps {
        data = Map.copyOf(data);
        sources = Map.copyOf(sources);
        if (data.isEmpty()) throw new IllegalArgumentException("no data sets");
        if (coordinates < 1) throw new IllegalArgumentException("coordinates must be >= 1, got " + coordinates);
    }

    /** One task of the distribution. */
    record Spec(String data, List<Integer> hidden, MlpFamily.Activation activation, MlpFamily.Init init, int minibatch,
                MlpFamily.Output output) {
        String describe() {
            return data + " " + hidden + " " + activation.name().toLowerCase() + " "
                    + init.name().toLowerCase() + " batch " + minibatch
                    + (output == MlpFamily.Output.SIGMOID_RECONSTRUCTION ? " autoencoder" : "");
        }
    }

    @Override public String name() { return "general-mlps"; }

    @Override public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("tasks", "per batch: a data set; reconstruction (sigmoid, XENT) with probability 0.2 on inputs <= 196, else "
                + "softmax classification; 1 (p 0.5), 2 (0.35) or 3 (0.15) hidden layers, widths from " + Arrays.toString(WIDTHS)
                + " (at most 32 on 784 inputs), one activation from sigmoid, tanh, relu; init relu (He) 0.7 / xavier 0.3 for "
                + "relu, xavier 0.7 / normal 0.01 0.3 otherwise; minibatch from " + Arrays.toString(MINIBATCHES));
        s.put("data", new java.util.TreeMap<>(sources));
        s.put("coordinates", coordinates);
        return s;
    }

    /** The task of the batch starting at {@code firstIndex}. */
    Spec spec(long runSeed, Seeds.Purpose purpose, long firstIndex) {
        var rng = new SplittableRandom(Seeds.mix(Seeds.instance(runSeed, purpose, firstIndex) ^ 0x7A5C5L));
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(data.keySet()));
        String name = names.get(rng.nextInt(names.size()));
        LabelledExamples examples = data.get(name).metaTraining();
        int inputs = examples.inputs();
        boolean reconstruct = inputs <= 196 && name.startsWith("digits") && rng.nextDouble() < 0.2;
        double u = rng.nextDouble();
        int depth = reconstruct ? 1 : u < 0.5 ? 1 : u < 0.85 ? 2 : 3;
        int[] hidden = new int[depth];
        for (int l = 0; l < depth; l++) hidden[l] = WIDTHS[rng.nextInt(inputs > 196 ? 2 : WIDTHS.length)];
        var activation = MlpFamily.Activation.values()[rng.nextInt(3)];
        if (reconstruct) activation = MlpFamily.Activation.SIGMOID;
        MlpFamily.Init init = activation == MlpFamily.Activation.RELU
                ? (rng.nextDouble() < 0.7 ? MlpFamily.Init.RELU : MlpFamily.Init.XAVIER)
                : (rng.nextDouble() < 0.7 ? MlpFamily.Init.XAVIER : MlpFamily.Init.NORMAL);
        int minibatch = MINIBATCHES[rng.nextInt(MINIBATCHES.length)];
        return new Spec(name, Arrays.stream(hidden).boxed().toList(), activation, init, minibatch,
                reconstruct ? MlpFamily.Output.SIGMOID_RECONSTRUCTION : MlpFamily.Output.SOFTMAX_CROSS_ENTROPY);
    }

    MlpFamily family(Spec spec) {
        Split<LabelledExamples> split = Objects.requireNonNull(data.get(spec.data()), spec.data());
        return GeneralTasks.mlp(spec.describe(), split, sources.get(spec.data()), spec.activation(), spec.init(), spec.minibatch(),
                spec.output(), spec.hidden().stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type) {
        MlpFamily family = family(spec(runSeed, purpose, firstIndex));
        int instances = (int) Math.max(1, Math.min(count, coordinates / family.dimension()));
        return family.sample(runSeed, purpose, firstIndex, instances, type);
    }
}
