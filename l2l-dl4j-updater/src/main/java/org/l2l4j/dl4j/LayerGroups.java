package org.l2l4j.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.l2l4j.core.problem.ParameterGroups;

/**
 * Which optimizer each layer of a DL4J network takes, when a network's parameters are split into groups with an
 * optimizer each (paper section 3.3: "LSTM weights are now shared only between parameters of the same type (i.e.
 * fully-connected vs. convolutional)"). The same rule splits a {@link NetworkFamily}'s parameters for meta-training
 * and assigns the trained optimizers to a network's layers ({@link LearnedUpdaters}), so the two always agree.
 * Every parameter of a layer is in the layer's group; parameters DL4J never hands an updater (batch normalization's
 * running mean and variance, whose updater is always NoOp) are in none.
 */
public sealed interface LayerGroups {

    /** A layer with parameters: its name and its configuration. */
    record LayerInfo(String name, Layer conf) {}

    /**
     * By layer type: convolutional layers (every {@link ConvolutionLayer}, 1-D, 2-D, 3-D, depthwise, separable,
     * deconvolution) in {@value ByType#CONV}, recurrent layers in {@value ByType#RECURRENT}, batch normalization in the
     * group of the closest layer with parameters before it (after it, for a first layer), every other layer (dense,
     * output, embedding, ...) in {@value ByType#DENSE}.
     */
    static LayerGroups byType() {
        return new ByType();
    }

    /**
     * By layer name: {@code groupOfLayer} maps a layer's name to its group (DL4J names a MultiLayerNetwork's unnamed
     * layers "layer0", "layer1", ...; a graph's layers are its vertex names). Every layer with parameters must be listed.
     */
    static LayerGroups byName(Map<String, String> groupOfLayer) {
        return new ByName(groupOfLayer);
    }

    /** One group, {@value ParameterGroups#ALL}: one optimizer shared by every parameter (the paper's MNIST set-up). */
    static LayerGroups none() {
        return new None();
    }

    /** The group of each layer, in network order (the order of DL4J's flattened parameters). */
    List<String> assign(List<LayerInfo> layers);

    /** What the rule is, in words, recorded in the settings of the families it splits. */
    String describe();

    record ByType() implements LayerGroups {
        public static final String CONV = "conv", DENSE = "dense", RECURRENT = "recurrent";

        @Override public List<String> assign(List<LayerInfo> layers) {
            List<String> groups = new ArrayList<>();
            for (LayerInfo l : layers) groups.add(l.conf() instanceof BatchNormalization ? null : typeOf(l.conf()));
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i) != null) continue;
                String found = null;
                for (int j = i - 1; j >= 0 && found == null; j--) found = layers.get(j).conf() instanceof BatchNormalization ? null : groups.get(j);
                for (int j = i + 1; j < groups.size() && found == null; j++) found = layers.get(j).conf() instanceof BatchNormalization ? null : groups.get(j);
                groups.set(i, found != null ? found : DENSE);
            }
            return groups;
        }

        private static String typeOf(Layer conf) {
            if (conf instanceof ConvolutionLayer) return CONV;
            if (conf instanceof BaseRecurrentLayer) return RECURRENT;
            return DENSE;
        }

        @Override public String describe() {
            return "layer type: conv (convolutional layers), dense (fully-connected and other layers), recurrent; "
                    + "batch normalization with the layer before it";
        }
    }

    record ByName(Map<String, String> groupOfLayer) implements LayerGroups {
        public ByName {
            groupOfLayer = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(groupOfLayer, "groupOfLayer")));
            for (var e : groupOfLayer.entrySet())
                if (e.getValue() == null || e.getValue().isBlank())
                    throw new IllegalArgumentException("layer " + e.getKey() + " has no group name");
        }

        @Override public List<String> assign(List<LayerInfo> layers) {
            List<String> groups = new ArrayList<>();
            for (LayerInfo l : layers) {
                String g = groupOfLayer.get(l.name());
                if (g == null)
                    throw new IllegalArgumentException("layer " + l.name() + " (" + l.conf().getClass().getSimpleName()
                            + ") has parameters but no group; groups are given for layers " + groupOfLayer.keySet());
                groups.add(g);
            }
            return groups;
        }

        @Override public String describe() {
            return "layer name: " + groupOfLayer;
        }
    }

    record None() implements LayerGroups {
        @Override public List<String> assign(List<LayerInfo> layers) {
            return layers.stream().map(l -> ParameterGroups.ALL).toList();
        }

        @Override public String describe() {
            return "none: one optimizer for every parameter";
        }
    }
}
