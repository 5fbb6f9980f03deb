package org.l2l4j.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.l2l4j.core.optimizer.LstmArchitecture;
import org.l2l4j.core.problem.ParameterGroups;
import org.l2l4j.core.problem.StepRule;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Optimizers meta-trained together, one per named group of an optimizee's parameters (paper section 3.3:
 * one LSTM for the convolutional layers, one for the fully-connected ones, each shared only by the parameters
 * of its group). Every group's optimizer has the same architecture and its own weights; the provenance is the
 * one run that trained them all. Immutable; {@link GroupedOptimizerFile} is its file.
 *
 * @param groups  the group names, in the order the family lists them
 * @param weights each group's weights phi, in the same order
 */
public record GroupedOptimizer(LstmArchitecture architecture, List<String> groups, List<double[]> weights,
                               Provenance provenance) {

    public GroupedOptimizer {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(provenance, "provenance");
        groups = List.copyOf(groups);
        if (groups.isEmpty()) throw new IllegalArgumentException("a grouped optimizer needs at least one group");
        if (new java.util.HashSet<>(groups).size() != groups.size())
            throw new IllegalArgumentException("group names must differ, got " + groups);
        if (weights.size() != groups.size())
            throw new IllegalArgumentException(groups.size() + " groups " + groups + " need as many weight vectors, got " + weights.size());
        List<double[]> copies = new ArrayList<>();
        for (double[] w : weights) copies.add(w.clone());
        weights = List.copyOf(copies);
        for (int g = 0; g < groups.size(); g++) optimizer(architecture, groups.get(g), weights.get(g), provenance, groups);   // checks them
    }

    @Override public List<double[]> weights() {
        return weights.stream().map(double[]::clone).toList();
    }

    /**
     * The optimizer of one group as a standalone trained optimizer, for a DL4J {@code LearnedUpdater} on the
     * layers of that group. Its provenance is the run's, with the group's name ({@code "group"}) and all the
     * group names ({@code "groups"}) added to the problem settings.
     *
     * @throws IllegalArgumentException for a group this optimizer does not have
     */
    public TrainedOptimizer optimizer(String group) {
        int g = groups.indexOf(group);
        if (g < 0) throw new IllegalArgumentException("no optimizer for parameter group '" + group + "'; this one has " + groups);
        return optimizer(architecture, group, weights.get(g), provenance, groups);
    }

    private static TrainedOptimizer optimizer(LstmArchitecture arch, String group, double[] weights, Provenance p, List<String> groups) {
        Map<String, Object> settings = new LinkedHashMap<>(p.problemSettings());
        settings.put("group", group);
        settings.put("groups", groups);
        return new TrainedOptimizer(arch, weights, new Provenance(p.problemFamily(), settings, p.training(), p.epochsRun(),
                p.bestEpoch(), p.validationLoss(), p.projectVersion(), p.createdAt(), p.trainingSeconds(), p.validation()));
    }

    /**
     * A rule for {@code instances} problem instances laid out as {@code layout} says, from zero state: each
     * group's coordinates (of every instance) are stepped by that group's optimizer, which runs on each instance
     * alone. The layout's groups must be this optimizer's groups.
     */
    public StepRule newStepRule(ParameterGroups layout, int instances, DataType type) {
        if (!new java.util.HashSet<>(layout.names()).equals(new java.util.HashSet<>(groups)))
            throw new IllegalArgumentException("this optimizer was trained for parameter groups " + groups
                    + ", but the problem's parameters split into " + layout.names());
        List<StepRule> rules = new ArrayList<>();
        for (var group : layout.groups())
            rules.add(optimizer(group.name()).newStepRule(instances * group.size(), group.size(), type));
        return layout.rule(instances, rules, type);
    }

    @Override public boolean equals(Object o) {
        if (!(o instanceof GroupedOptimizer t) || !architecture.equals(t.architecture) || !groups.equals(t.groups)
                || !provenance.equals(t.provenance)) return false;
        for (int g = 0; g < groups.size(); g++) if (!Arrays.equals(weights.get(g), t.weights.get(g))) return false;
        return true;
    }

    @Override public int hashCode() {
        int h = Objects.hash(architecture, groups, provenance);
        for (double[] w : weights) h = 31 * h + Arrays.hashCode(w);
        return h;
    }

    @Override public String toString() {
        return "GroupedOptimizer[" + architecture + " for groups " + groups + ", trained on " + provenance.problemFamily() + "]";
    }
}
