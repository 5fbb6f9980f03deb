import static org.l2l4j.zoo.OptimizerZoo.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.l2l4j.dl4j.LearnedUpdater;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Can dl4j-spark 1.0.0-M2 train a network whose updater is LearnedUpdater? A 20-16-3 MLP on a separable toy problem
 * (16 minibatches of 32), parameter averaging every 2 minibatches on local[2], 10 epochs; the argument "adam" runs
 * Adam at 1e-2 instead, for comparison.
 */
public class Check {
    public static void main(String[] args) {
        boolean learned = !"adam".equals(args.length > 0 ? args[0] : "");
        IUpdater updater = learned ? new LearnedUpdater(zoo("mnist")) : new org.nd4j.linalg.learning.config.Adam(1e-2);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(updater).list()
                .layer(new DenseLayer.Builder().nIn(20).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        Random r = new Random(7);
        INDArray w = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(3), 20L, 3L).subi(0.5);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(r.nextLong()), 32L, 20L).subi(0.5);
            INDArray y = Nd4j.zeros(32, 3);
            INDArray cls = x.mmul(w).argMax(1);
            for (int i = 0; i < 32; i++) y.putScalar(i, cls.getInt(i), 1.0);
            batches.add(new DataSet(x, y));
        }
        DataSet all = DataSet.merge(batches);
        var sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("dl4j-spark check")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1").set("spark.ui.enabled", "false"));
        var tm = new ParameterAveragingTrainingMaster.Builder(32).averagingFrequency(2).workerPrefetchNumBatches(0)
                .batchSizePerWorker(32).build();
        var spark = new SparkDl4jMultiLayer(sc, conf, tm);
        MultiLayerNetwork net = spark.getNetwork();
        double before = net.score(all);
        var rdd = sc.parallelize(batches, 2);
        for (int epoch = 1; epoch <= 10; epoch++) spark.fit(rdd);
        net = spark.getNetwork();
        double after = net.score(all);
        System.out.println("updater " + net.getLayerWiseConfigurations().getConf(0).getLayer().getUpdaterByParam("W").getClass().getSimpleName()
                + ": loss before " + before + ", after 10 epochs of parameter averaging " + after);
        sc.stop();
    }
}
