package org.l2l4j.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.l2l4j.core.GroupedOptimizer;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Optimizers meta-trained together on parameter groups ({@link GroupedOptimizer}, paper section 3.3) in a DL4J
 * network: every layer with parameters takes the {@link LearnedUpdater} of its group's optimizer, the group chosen
 * by the same {@link LayerGroups} rule that split the parameters in meta-training. One line, on a built
 * configuration, before the network is made:
 *
 * <pre>{@code
 * MultiLayerConfiguration conf = ...build();
 * LearnedUpdaters.byLayerType(GroupedOptimizerFile.read(Path.of("conv.l2l"))).applyTo(conf);   // or zooGroups(id)
 * MultiLayerNetwork net = new MultiLayerNetwork(conf);
 * }</pre>
 *
 * The layer's updater and its bias updater are both set, so a global {@code biasUpdater} does not override the
 * group's optimizer; batch normalization's running mean and variance keep the NoOp updater DL4J gives them. Layers
 * of one group that follow each other share one DL4J updater block (their {@code LearnedUpdater}s are equal); a layer
 * between them of another group, or parameters with NoOp, split it, which changes nothing for a coordinatewise
 * optimizer (each parameter's step depends on its own gradients only). It does change an LSTM+GAC's or an NTM-L-BFGS's
 * steps: DL4J gives each block its own averages and memory, while meta-training shares them over the whole group, and
 * batch normalization's running statistics split every group of a network with batch normalization into blocks. The same can be written by hand, one
 * {@code .updater(updaters.updater("conv"))} per layer.
 */
public final class LearnedUpdaters {
    private final GroupedOptimizer optimizer;
    private final LayerGroups groups;
    private final Map<String, LearnedUpdater> updaters = new LinkedHashMap<>();

    private LearnedUpdaters(GroupedOptimizer optimizer, LayerGroups groups) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.groups = Objects.requireNonNull(groups, "groups");
        for (String g : optimizer.groups()) updaters.put(g, new LearnedUpdater(optimizer.optimizer(g)));
    }

    /** Groups by layer type ({@link LayerGroups#byType()}): convolutional layers, dense layers. */
    public static LearnedUpdaters byLayerType(GroupedOptimizer optimizer) {
        return new LearnedUpdaters(optimizer, LayerGroups.byType());
    }

    /** Groups as {@code groups} assigns them; it must be the rule the optimizer was meta-trained with. */
    public static LearnedUpdaters of(GroupedOptimizer optimizer, LayerGroups groups) {
        return new LearnedUpdaters(optimizer, groups);
    }

    /** The updater of one group's optimizer, for a layer configured by hand. */
    public LearnedUpdater updater(String group) {
        LearnedUpdater u = updaters.get(group);
        if (u == null) throw new IllegalArgumentException("no optimizer for parameter group '" + group + "'; this one has "
                + optimizer.groups());
        return u;
    }

    /** Sets every layer's updater to its group's optimizer (in place) and returns {@code conf}. */
    public MultiLayerConfiguration applyTo(MultiLayerConfiguration conf) {
        List<Layer> layers = new ArrayList<>();
        List<LayerGroups.LayerInfo> infos = new ArrayList<>();
        for (int i = 0; i < conf.getConfs().size(); i++) {
            Layer l = conf.getConf(i).getLayer();
            if (!stepped(l)) continue;
            layers.add(l);
            infos.add(new LayerGroups.LayerInfo(l.getLayerName() != null ? l.getLayerName() : String.valueOf(i), l));
        }
        assign(layers, infos);
        return conf;
    }

    /** Sets every layer's updater to its group's optimizer (in place) and returns {@code conf}. */
    public ComputationGraphConfiguration applyTo(ComputationGraphConfiguration conf) {
        List<String> order = conf.getTopologicalOrderStr();
        if (order == null) {   // DL4J sorts a graph when it makes one, which allocates nothing before init()
            var sorted = new org.deeplearning4j.nn.graph.ComputationGraph(conf.clone());
            sorted.topologicalSortOrder();
            order = sorted.getConfiguration().getTopologicalOrderStr();
        }
        List<Layer> layers = new ArrayList<>();
        List<LayerGroups.LayerInfo> infos = new ArrayList<>();
        for (String name : order) {
            GraphVertex v = conf.getVertices().get(name);
            if (!(v instanceof LayerVertex lv)) continue;
            Layer l = lv.getLayerConf().getLayer();
            if (!stepped(l)) continue;
            layers.add(l);
            infos.add(new LayerGroups.LayerInfo(l.getLayerName() != null ? l.getLayerName() : name, l));
        }
        assign(layers, infos);
        return conf;
    }

    /** Whether an updater steps any of the layer's parameters (not only NoOp ones, as a frozen layer's). */
    private static boolean stepped(Layer l) {
        for (String p : l.initializer().paramKeys(l))
            if (!(l.getUpdaterByParam(p) instanceof NoOp)) return true;
        return false;
    }

    private void assign(List<Layer> layers, List<LayerGroups.LayerInfo> infos) {
        List<String> names = groups.assign(infos);
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String group = names.get(i);
            if (!updaters.containsKey(group))
                throw new IllegalArgumentException("layer " + infos.get(i).name() + " (" + l.getClass().getSimpleName()
                        + ") is in parameter group '" + group + "', for which this optimizer has no LSTM; it has " + optimizer.groups());
            if (!(l instanceof BaseLayer base))
                throw new IllegalArgumentException("layer " + infos.get(i).name() + " (" + l.getClass().getSimpleName()
                        + ") has parameters but no updater of its own to set");
            base.setIUpdater(updaters.get(group));
            base.setBiasUpdater(updaters.get(group));
        }
    }
}
