package org.l2l4j.examples.tuning;

/** Progress of long work, in units the caller chose (rollouts here), for a progress bar. */
public interface Progress {
    void phase(String what);

    void advance(long units);

    Progress NONE = new Progress() {
        @Override public void phase(String what) {}

        @Override public void advance(long units) {}
    };
}
