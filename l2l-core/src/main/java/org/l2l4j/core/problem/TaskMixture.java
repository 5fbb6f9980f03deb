package org.l2l4j.core.problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A distribution over problem families: each batch is drawn from one member, chosen at random with the
 * members' weights (seeded by the run seed, the purpose and the batch's first index, so a resumed run draws the
 * same). Meta-training on a mixture rather than one family is what the generalist learned optimizers do (Metz
 * et al. 2022; Celo, Moudgil et al. 2025): an optimizer that sees MLPs of many widths, depths, activations and
 * minibatch sizes cannot learn the quirks of one.
 *
 * @param name    the mixture's name, recorded in provenance
 * @param members the families and how often each is drawn
 */
public record TaskMixture(String name, List<Member> members) implements ProblemFamily {

    /**
     * A member family.
     *
     * @param weight       relative frequency of its batches
     * @param maxInstances instances per batch at most (fewer than the meta-trainer asks for keeps the coordinates of a
     *                     batch of large networks within the memory of its tape); 0 for no limit
     */
    public record Member(ProblemFamily family, double weight, int maxInstances) {
        public Member {
            Objects.requireNonNull(family, "family");
            if (!(weight > 0 && Double.isFinite(weight)))
                throw new IllegalArgumentException("member " + family.name() + " needs a finite weight > 0, got " + weight);
            if (maxInstances < 0) throw new IllegalArgumentException("maxInstances must be >= 0, got " + maxInstances);
        }
    }

    public TaskMixture {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
        if (members.isEmpty()) throw new IllegalArgumentException("a task mixture needs at least one member");
    }

    @Override public Map<String, Object> settings() {
        List<Object> described = new ArrayList<>();
        for (Member m : members) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("family", m.family().name());
            d.put("weight", m.weight());
            if (m.maxInstances() > 0) d.put("maxInstances", m.maxInstances());
            d.put("settings", m.family().settings());
            described.add(d);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("members", described);
        return s;
    }

    /** The member a batch starting at {@code firstIndex} is drawn from. */
    public Member memberFor(long runSeed, Seeds.Purpose purpose, long firstIndex) {
        double total = 0;
        for (Member m : members) total += m.weight();
        double u = new SplittableRandom(Seeds.mix(Seeds.instance(runSeed, purpose, firstIndex) ^ 0x6D1C7E5L)).nextDouble() * total;
        for (Member m : members) {
            u -= m.weight();
            if (u < 0) return m;
        }
        return members.get(members.size() - 1);
    }

    /** Instances firstIndex.. of the chosen member: {@code count}, or the member's maximum if that is smaller. */
    @Override
    public ProblemBatch sample(long runSeed, Seeds.Purpose purpose, long firstIndex, int count, DataType type) {
        Member m = memberFor(runSeed, purpose, firstIndex);
        int n = m.maxInstances() > 0 ? Math.min(count, m.maxInstances()) : count;
        return m.family().sample(runSeed, purpose, firstIndex, n, type);
    }
}
