package org.l2l4j.examples.tuning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2l4j.core.baseline.Baseline;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * One baseline's search as {@code tuning.json} records it: the full configuration of the best setting
 * ({@code config}: the ND4J updater as DL4J serializes it, and how the learning rate enters), every
 * candidate, and the best (null when every candidate diverged).
 */
@JsonPropertyOrder({"name", "config", "candidates", "best"})
public record TunedBaseline(String name, Map<String, Object> config, List<BaselineSearch.Candidate> candidates, Best best) {

    @JsonPropertyOrder({"learningRate", "score"})
    public record Best(double learningRate, double score) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    public static TunedBaseline of(BaselineSearch.Result r) {
        Map<String, Object> config = new LinkedHashMap<>();
        if (r.best() != null) {
            config.put("updater", JSON.convertValue(r.best().updater(), Map.class));
            config.put("learningRate", r.best().learningRate());
            config.put("learningRateAppliedAs", r.baseline().scalesUpdate()
                    ? "multiplier of the updater's update (ND4J's AdaDelta has no learning rate)" : "the updater's learning rate");
        }
        return new TunedBaseline(r.baseline().id(), config, r.candidates(),
                r.best() == null ? null : new Best(r.best().learningRate(), r.bestScore()));
    }

    public Baseline baseline() { return Baseline.byId(name); }

    /** The best setting, rebuilt through the same Arbiter space; null if every candidate diverged. */
    public BaselineSetting bestSetting() {
        if (best == null) return null;
        return BaselineSpaces.of(baseline(), new double[]{best.learningRate()}).getValue(new double[0]);
    }
}
