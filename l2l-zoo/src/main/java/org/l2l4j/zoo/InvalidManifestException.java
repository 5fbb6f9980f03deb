package org.l2l4j.zoo;

/** A manifest that cannot be parsed or does not fit where it was found; callers add the context. */
final class InvalidManifestException extends Exception {
    InvalidManifestException(String message, Throwable cause) { super(message, cause); }
}
