package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MinHeapTest {

    @Test
    void popsInTheSameKeyOrderAsAPriorityQueue() {
        long seed = 11L;
        Random random = new Random(seed);
        MinHeap heap = new MinHeap();
        PriorityQueue<double[]> reference = new PriorityQueue<>(Comparator.comparingDouble(e -> e[0]));
        List<Double> popped = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        for (int round = 0; round < 5_000; round++) {
            if (random.nextInt(3) > 0 || reference.isEmpty()) {
                double key = random.nextInt(1000) / 10.0;
                heap.push(key, round);
                reference.add(new double[] {key, round});
            } else {
                popped.add(heap.peekKey());
                heap.pop();
                expected.add(reference.poll()[0]);
            }
        }
        while (!heap.isEmpty()) {
            popped.add(heap.peekKey());
            heap.pop();
            expected.add(reference.poll()[0]);
        }
        assertThat(reference).isEmpty();
        assertThat(popped).as("seed %d", seed).isEqualTo(expected);
    }

    @Test
    void returnsTheNodeOfTheSmallestKey() {
        MinHeap heap = new MinHeap();
        heap.push(5.0, 50);
        heap.push(1.5, 15);
        heap.push(3.0, 30);

        assertThat(heap.peekKey()).isEqualTo(1.5);
        assertThat(heap.pop()).isEqualTo(15);
        assertThat(heap.pop()).isEqualTo(30);
        assertThat(heap.pop()).isEqualTo(50);
        assertThat(heap.isEmpty()).isTrue();
    }
}
