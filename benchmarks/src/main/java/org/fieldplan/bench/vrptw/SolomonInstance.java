package org.fieldplan.bench.vrptw;

import java.util.List;

/**
 * One Solomon instance. {@code nodes.get(0)} is the depot (its due date is the horizon), the
 * others are the customers in file order. Distances and travel times are Euclidean, in double
 * precision.
 */
public record SolomonInstance(String name, int vehicles, int capacity, List<Node> nodes) {

    /** One row of the CUSTOMER table: id, coordinates, demand, window for the service start, service time. */
    public record Node(int id, int x, int y, int demand, int ready, int due, int service) {
    }

    public SolomonInstance {
        nodes = List.copyOf(nodes);
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("The instance (" + name + ") has " + nodes.size()
                    + " rows; it needs the depot and at least one customer.");
        }
    }

    public Node depot() {
        return nodes.get(0);
    }

    /** Number of customers (nodes without the depot). */
    public int customerCount() {
        return nodes.size() - 1;
    }

    /** Euclidean distance between node positions {@code i} and {@code j} (0 = depot). */
    public double distance(int i, int j) {
        Node a = nodes.get(i);
        Node b = nodes.get(j);
        double dx = a.x() - b.x();
        double dy = a.y() - b.y();
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** The full (n+1) x (n+1) distance matrix, row-major over node positions. */
    public double[][] distanceMatrix() {
        int n = nodes.size();
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = distance(i, j);
            }
        }
        return m;
    }
}
