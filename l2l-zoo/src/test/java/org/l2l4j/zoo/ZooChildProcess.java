package org.l2l4j.zoo;

import org.l2l4j.core.TrainedOptimizerFile;

/** A second JVM for {@link ZooConcurrencyTest}: resolves one id through the public API and prints what it got. */
public final class ZooChildProcess {
    private ZooChildProcess() {}

    public static void main(String[] args) {
        try {
            System.out.println("start=" + System.currentTimeMillis());
            var optimizer = OptimizerZoo.zoo(args[0]);
            System.out.println("end=" + System.currentTimeMillis());
            System.out.println("sha256=" + TrainedOptimizerFile.sha256Hex(TrainedOptimizerFile.toBytes(optimizer)));
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }
}
