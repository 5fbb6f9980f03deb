package org.l2l4j.core;

/** A trained-optimizer file that is foreign, truncated, corrupt or of an unknown version. */
public final class InvalidOptimizerFileException extends IllegalArgumentException {
    public InvalidOptimizerFileException(String message) { super(message); }
}
