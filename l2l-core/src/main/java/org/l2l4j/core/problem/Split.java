package org.l2l4j.core.problem;

import java.util.Objects;
import java.util.function.Function;

/**
 * Data set aside by purpose: meta-training instances see {@code metaTraining}, validation and
 * baseline-tuning instances {@code validation}, test instances {@code test}, so a comparison measures
 * optimizers on data the meta-trainer never used.
 */
public record Split<T>(T metaTraining, T validation, T test) {

    public Split {
        Objects.requireNonNull(metaTraining, "metaTraining");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(test, "test");
    }

    /** One data set for every purpose: instances then differ only in initialization and data order. */
    public static <T> Split<T> shared(T all) {
        return new Split<>(all, all, all);
    }

    public T forPurpose(Seeds.Purpose purpose) {
        return switch (purpose) {
            case META_TRAINING -> metaTraining;
            case VALIDATION, TUNING -> validation;
            case TEST -> test;
        };
    }

    /** The same meta-training and validation parts, with {@code test} for the test part. */
    public Split<T> withTest(T test) {
        return new Split<>(metaTraining, validation, test);
    }

    /** Each part converted. */
    public <U> Split<U> map(Function<T, U> f) {
        return new Split<>(f.apply(metaTraining), f.apply(validation), f.apply(test));
    }
}
