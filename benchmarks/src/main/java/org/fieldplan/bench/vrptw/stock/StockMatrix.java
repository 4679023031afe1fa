package org.fieldplan.bench.vrptw.stock;

/** Integer travel (= distance) between instance nodes, row-major; shared, never changed. */
public record StockMatrix(int size, long[] units) {

    public long travel(int from, int to) {
        return units[from * size + to];
    }
}
