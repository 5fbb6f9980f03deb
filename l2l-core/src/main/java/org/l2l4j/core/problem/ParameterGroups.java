package org.l2l4j.core.problem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.l2l4j.core.host.HostMemory;
import org.l2l4j.core.host.Raw;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How the coordinates of one problem instance split into named groups, each optimized by its own optimizer
 * (paper section 3.3: one LSTM for the convolutional parameters, one for the fully-connected ones). A group
 * is a list of ranges of the instance's coordinates; the groups together cover every coordinate exactly once.
 * A batch of several instances holds them instance after instance, so a group's coordinates in the batch are
 * its ranges in each instance in turn: {@link #gather} and {@link #scatter} move them between the batch's
 * column and a column of the group alone.
 */
public record ParameterGroups(long dimension, List<Group> groups) {

    /** The one group of a family that does not split its coordinates. */
    public static final String ALL = "all";

    /** Coordinates [start, start + length) of an instance. */
    public record Range(long start, long length) {
        public Range {
            if (start < 0 || length < 1) throw new IllegalArgumentException("a range needs start >= 0 and length >= 1, got "
                    + start + " + " + length);
        }
    }

    /** A named group and its ranges, in increasing order. */
    public record Group(String name, List<Range> ranges) {
        public Group {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) throw new IllegalArgumentException("a parameter group needs a name");
            ranges = List.copyOf(ranges);
            if (ranges.isEmpty()) throw new IllegalArgumentException("parameter group " + name + " has no coordinates");
        }

        /** Coordinates of the group in one instance. */
        public long size() {
            long n = 0;
            for (Range r : ranges) n += r.length();
            return n;
        }
    }

    public ParameterGroups {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) throw new IllegalArgumentException("no parameter groups");
        var names = new HashSet<String>();
        List<Range> all = new ArrayList<>();
        for (Group g : groups) {
            if (!names.add(g.name())) throw new IllegalArgumentException("two parameter groups are named " + g.name());
            all.addAll(g.ranges());
        }
        all.sort(java.util.Comparator.comparingLong(Range::start));
        long next = 0;
        for (Range r : all) {
            if (r.start() != next)
                throw new IllegalArgumentException("parameter groups " + names + " must cover coordinates 0.." + (dimension - 1)
                        + " once each; " + (r.start() < next ? "coordinate " + r.start() + " is in two groups"
                        : "coordinates " + next + ".." + (r.start() - 1) + " are in none"));
            next += r.length();
        }
        if (next != dimension)
            throw new IllegalArgumentException("parameter groups cover " + next + " of the " + dimension + " coordinates");
    }

    /** One group, {@value #ALL}, of every coordinate. */
    public static ParameterGroups single(long dimension) {
        return new ParameterGroups(dimension, List.of(new Group(ALL, List.of(new Range(0, dimension)))));
    }

    public int count() { return groups.size(); }

    public Group group(int g) { return groups.get(g); }

    public List<String> names() {
        return groups.stream().map(Group::name).toList();
    }

    /** Whether there is one group of every coordinate, so that a group's column is the batch's column itself. */
    public boolean isSingle() {
        return groups.size() == 1;
    }

    /** Copies group g's coordinates of every instance of {@code batch} (instances x dimension rows) into {@code out}. */
    public void gather(int g, int instances, INDArray batch, INDArray out) {
        move(g, instances, batch, out, true);
    }

    /** Copies {@code in} (group g's coordinates of every instance) into their places in {@code batch}. */
    public void scatter(int g, int instances, INDArray in, INDArray batch) {
        move(g, instances, batch, in, false);
    }

    private void move(int g, int instances, INDArray batch, INDArray group, boolean gather) {
        Group grp = groups.get(g);
        if (batch.length() != instances * dimension || group.length() != instances * grp.size())
            throw new IllegalArgumentException("group " + grp.name() + " of " + instances + " instances: columns of "
                    + instances * dimension + " and " + instances * grp.size() + " values expected, got " + batch.length()
                    + " and " + group.length());
        boolean host = HostMemory.isPlainHost(batch) && HostMemory.isPlainHost(group) && batch.dataType() == group.dataType()
                && batch.elementWiseStride() == 1 && group.elementWiseStride() == 1 && HostMemory.isHostType(batch.dataType());
        boolean f32 = batch.dataType() == DataType.FLOAT;
        int width = batch.dataType().width();
        long batchAddress = host ? HostMemory.address(batch) : 0, groupAddress = host ? HostMemory.address(group) : 0;
        long at = 0;
        for (int k = 0; k < instances; k++)
            for (Range r : grp.ranges()) {
                long from = k * dimension + r.start();
                if (host) {   // a plain copy: an ND4J op per range costs more than the copy itself
                    long b = batchAddress + from * width, c = groupAddress + at * width;
                    Raw.copy(f32, gather ? b : c, gather ? c : b, r.length());
                } else {
                    INDArray b = batch.get(NDArrayIndex.interval(from, from + r.length()), NDArrayIndex.all());
                    INDArray c = group.get(NDArrayIndex.interval(at, at + r.length()), NDArrayIndex.all());
                    if (gather) c.assign(b);
                    else b.assign(c);
                }
                at += r.length();
            }
    }

    /**
     * A rule for a batch of {@code instances} that runs {@code rules.get(g)} on group g's coordinates alone
     * (each rule made for {@code instances * group(g).size()} coordinates). With one group, that group's rule
     * itself, with no copies.
     */
    public StepRule rule(int instances, List<StepRule> rules, DataType type) {
        if (rules.size() != groups.size())
            throw new IllegalArgumentException(groups.size() + " parameter groups " + names() + " need as many rules, got " + rules.size());
        if (isSingle()) return rules.get(0);
        INDArray[] gradients = new INDArray[groups.size()], steps = new INDArray[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            gradients[g] = Nd4j.zeros(type, instances * groups.get(g).size(), 1).dup('f');
            steps[g] = gradients[g].dup('f');
        }
        return (gradient, iteration, step) -> {
            for (int g = 0; g < gradients.length; g++) {
                gather(g, instances, gradient, gradients[g]);
                rules.get(g).propose(gradients[g], iteration, steps[g]);
                scatter(g, instances, steps[g], step);
            }
        };
    }
}
