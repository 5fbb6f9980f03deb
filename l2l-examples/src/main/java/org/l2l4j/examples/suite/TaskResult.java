package org.l2l4j.examples.suite;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/** One task's results: what it is, and every optimizer's runs on it. */
@JsonPropertyOrder({"name", "description", "network", "iterations", "parameters", "data", "results"})
public record TaskResult(String name, String description, String network, int iterations, long parameters,
                         Map<String, Object> data, List<OptimizerResult> results) {

    public Optional<OptimizerResult> result(String optimizer) {
        return results.stream().filter(r -> r.optimizer().equals(optimizer)).findFirst();
    }
}
