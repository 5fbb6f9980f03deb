package org.l2l4j.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.problem.ParameterGroups;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

/** The two kinds of DL4J network a {@link NetworkFamily} can hold, built afresh for each instance seed. */
sealed interface NetworkSpec {

    /** A network initialized with the given seed, computing in {@code type}. */
    Built build(long seed, DataType type);

    String describe();

    record MultiLayer(MultiLayerConfiguration conf) implements NetworkSpec {
        @Override public Built build(long seed, DataType type) {
            MultiLayerConfiguration c = conf.clone();
            c.setDataType(type);
            for (var layer : c.getConfs()) layer.setSeed(seed);
            var net = new MultiLayerNetwork(c);
            net.init();
            return new Built(net, java.util.Arrays.asList(net.getLayers()), batch -> {
                net.setInput(batch.getFeatures().castTo(type));
                net.setLabels(batch.getLabels().castTo(type));
                net.computeGradientAndScore();
            });
        }

        @Override public String describe() { return conf.toJson(); }
    }

    record Graph(ComputationGraphConfiguration conf) implements NetworkSpec {
        public Graph {
            if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1)
                throw new IllegalArgumentException("a network family needs a graph with one input and one output, got "
                        + conf.getNetworkInputs() + " -> " + conf.getNetworkOutputs());
        }

        @Override public Built build(long seed, DataType type) {
            ComputationGraphConfiguration c = conf.clone();
            c.setDataType(type);
            c.getDefaultConfiguration().setSeed(seed);
            for (var vertex : c.getVertices().values())
                if (vertex instanceof LayerVertex lv) lv.getLayerConf().setSeed(seed);
            var net = new ComputationGraph(c);
            net.init();
            return new Built(net, java.util.Arrays.asList(net.getLayers()), batch -> {
                net.setInputs(batch.getFeatures().castTo(type));
                net.setLabels(batch.getLabels().castTo(type));
                net.computeGradientAndScore();
            });
        }

        @Override public String describe() { return conf.toJson(); }
    }

    /**
     * One parameter array of a layer: where it lies in DL4J's flattened parameters, whether an updater steps it
     * (false for NoOp: batch normalization's running mean and variance, frozen layers) and whether DL4J divides its
     * gradient by the minibatch size (false for the running statistics, whose "gradient" is their update).
     */
    record Slice(int layer, LayerGroups.LayerInfo info, String param, long offset, long length, boolean optimized,
                 boolean divideByMinibatch) {}

    /**
     * One initialized network and how it computes its gradient on a minibatch. Its coordinates, as an optimizer sees
     * them, are the parameters an updater steps, in DL4J's order; the others DL4J updates itself, as
     * {@code params -= gradient} with their NoOp updater, and so does this, once per step.
     */
    final class Built {
        private final Model model;
        private final Consumer<DataSet> computeGradient;
        private final List<Slice> slices;   // by offset: the whole flattened parameter vector
        private final INDArray initial;
        private final long optimized;
        private final boolean allOptimized;
        private int nextStep;

        Built(Model model, List<org.deeplearning4j.nn.api.Layer> layers, Consumer<DataSet> computeGradient) {
            this.model = model;
            this.computeGradient = computeGradient;
            this.slices = slices(model, layers);
            this.initial = model.params().dup();
            long n = 0;
            boolean all = true;
            for (Slice s : slices) {
                if (s.optimized()) n += s.length();
                all &= s.optimized() && s.divideByMinibatch();
            }
            this.optimized = n;
            this.allOptimized = all;
        }

        private static List<Slice> slices(Model model, List<org.deeplearning4j.nn.api.Layer> layers) {
            INDArray flat = model.params();
            List<Slice> slices = new ArrayList<>();
            for (var layer : layers) {
                Layer conf = layer.conf().getLayer();
                String name = conf.getLayerName() != null ? conf.getLayerName() : String.valueOf(layer.getIndex());
                var info = new LayerGroups.LayerInfo(name, conf);
                for (Map.Entry<String, INDArray> p : layer.paramTable(false).entrySet()) {
                    INDArray view = p.getValue();
                    if (view.length() == 0) continue;
                    if (!HostMemory.sameBuffer(view, flat) || view.elementWiseStride() != 1 && view.length() > 1)
                        throw new IllegalStateException("parameter " + p.getKey() + " of layer " + name
                                + " is not a contiguous view of the network's parameters");
                    boolean optimized = !(conf.getUpdaterByParam(p.getKey()) instanceof NoOp);
                    slices.add(new Slice(layer.getIndex(), info, p.getKey(), view.offset() - flat.offset(), view.length(),
                            optimized, layer.updaterDivideByMinibatch(p.getKey())));
                }
            }
            slices.sort(java.util.Comparator.comparingLong(Slice::offset));
            long next = 0;
            for (Slice s : slices) {
                if (s.offset() != next)
                    throw new IllegalStateException("the layers' parameters do not tile the network's " + flat.length()
                            + " parameters (a gap or an overlap at " + next + ")");
                next += s.length();
            }
            if (next != flat.length())
                throw new IllegalStateException("the layers hold " + next + " of the network's " + flat.length() + " parameters");
            return List.copyOf(slices);
        }

        /** Coordinates an optimizer steps. */
        long numParams() { return optimized; }

        /** The optimized coordinates at initialization (d x 1). */
        INDArray initialParameters(DataType type) {
            INDArray theta = Nd4j.createUninitialized(type, new long[]{optimized, 1}, 'f');
            long at = 0;
            for (Slice s : slices)
                if (s.optimized()) {
                    theta.get(NDArrayIndex.interval(at, at + s.length()), NDArrayIndex.all())
                            .assign(initial.reshape(initial.length()).get(NDArrayIndex.interval(s.offset(), s.offset() + s.length())));
                    at += s.length();
                }
            return theta;
        }

        /** Every parameter back at its initial value, the running statistics included: a run starts afresh. */
        void reset() {
            model.params().assign(initial);
            nextStep = 0;
        }

        /** How the optimized coordinates split into groups by {@code rule}, in the order of their first layer. */
        ParameterGroups groups(LayerGroups rule) {
            List<LayerGroups.LayerInfo> layers = new ArrayList<>();
            List<Integer> indices = new ArrayList<>();
            for (Slice s : slices)
                if (s.optimized() && !indices.contains(s.layer())) {
                    indices.add(s.layer());
                    layers.add(s.info());
                }
            List<String> names = rule.assign(layers);
            Map<String, List<ParameterGroups.Range>> ranges = new LinkedHashMap<>();
            long at = 0;
            for (Slice s : slices) {
                if (!s.optimized()) continue;
                String g = names.get(indices.indexOf(s.layer()));
                List<ParameterGroups.Range> rs = ranges.computeIfAbsent(g, k -> new ArrayList<>());
                ParameterGroups.Range last = rs.isEmpty() ? null : rs.get(rs.size() - 1);
                if (last != null && last.start() + last.length() == at) rs.set(rs.size() - 1, new ParameterGroups.Range(last.start(), last.length() + s.length()));
                else rs.add(new ParameterGroups.Range(at, s.length()));
                at += s.length();
            }
            List<ParameterGroups.Group> groups = new ArrayList<>();
            ranges.forEach((name, rs) -> groups.add(new ParameterGroups.Group(name, rs)));
            return new ParameterGroups(optimized, groups);
        }

        /** All the network's parameters, 1 x all: the optimized ones from theta (d x 1), the others as they are now. */
        INDArray allParameters(INDArray theta) {
            INDArray all = model.params().dup();
            long at = 0;
            for (Slice s : slices)
                if (s.optimized()) {
                    range(all, s).assign(theta.get(NDArrayIndex.interval(at, at + s.length()), NDArrayIndex.all()));
                    at += s.length();
                }
            return all;
        }

        /**
         * Sets the optimized parameters to theta (d x 1), computes the minibatch loss and writes the gradient DL4J's
         * updater would see into {@code gradient} (d x 1): DL4J's backward pass sums over the minibatch and its
         * updater divides by the minibatch size before the updater runs (DESIGN section 3). Then, at the step that
         * follows the last one, the parameters DL4J updates itself (NoOp updater) take their update, as
         * {@code fit} would; their values never change the training loss or gradient (batch normalization
         * normalizes by the minibatch's own statistics in training), so evaluating a step again only leaves them be.
         */
        double lossAndGradient(INDArray theta, DataSet batch, INDArray gradient, int step) {
            INDArray flat = model.params();
            if (allOptimized) model.setParams(theta.reshape('f', 1, theta.length()));
            else {
                long at = 0;
                for (Slice s : slices)
                    if (s.optimized()) {
                        range(flat, s).assign(theta.get(NDArrayIndex.interval(at, at + s.length()), NDArrayIndex.all()));
                        at += s.length();
                    }
            }
            computeGradient.accept(batch);
            INDArray g = model.gradient().gradient();
            int n = batch.numExamples();
            if (allOptimized) {
                gradient.assign(g.reshape('f', g.length(), 1)).divi(n);
                return model.score();
            }
            long at = 0;
            boolean advance = step == nextStep;
            for (Slice s : slices) {
                INDArray part = range(g, s);
                if (s.optimized()) {
                    INDArray out = gradient.get(NDArrayIndex.interval(at, at + s.length()), NDArrayIndex.all());
                    out.assign(part.reshape('f', s.length(), 1));
                    if (s.divideByMinibatch()) out.divi(n);
                    at += s.length();
                } else if (advance) {
                    INDArray update = s.divideByMinibatch() ? part.div(n) : part;
                    range(flat, s).subi(update);
                }
            }
            if (advance) nextStep++;
            return model.score();
        }

        private static INDArray range(INDArray flat, Slice s) {
            return flat.reshape(flat.length()).get(NDArrayIndex.interval(s.offset(), s.offset() + s.length()));
        }
    }
}
