package org.fieldplan.bench.vrptw;

import com.graphhopper.jsprit.core.algorithm.VehicleRoutingAlgorithm;
import com.graphhopper.jsprit.core.algorithm.box.Jsprit;
import com.graphhopper.jsprit.core.algorithm.termination.TimeTermination;
import com.graphhopper.jsprit.core.problem.Location;
import com.graphhopper.jsprit.core.problem.VehicleRoutingProblem;
import com.graphhopper.jsprit.core.problem.cost.AbstractForwardVehicleRoutingTransportCosts;
import com.graphhopper.jsprit.core.problem.driver.Driver;
import com.graphhopper.jsprit.core.problem.job.Service;
import com.graphhopper.jsprit.core.problem.solution.VehicleRoutingProblemSolution;
import com.graphhopper.jsprit.core.problem.solution.route.VehicleRoute;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TimeWindow;
import com.graphhopper.jsprit.core.problem.solution.route.activity.TourActivity;
import com.graphhopper.jsprit.core.problem.vehicle.Vehicle;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleImpl;
import com.graphhopper.jsprit.core.problem.vehicle.VehicleTypeImpl;
import com.graphhopper.jsprit.core.util.Coordinate;
import com.graphhopper.jsprit.core.util.Solutions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;

/**
 * jsprit 1.9.0-beta.11 with its default algorithm ({@code Jsprit.Builder}, ruin-and-recreate with
 * the schrimpf acceptor), one thread, a wall-clock termination, a FINITE fleet of the instance's
 * size, cost = distance (per-distance cost 1, no fixed or time cost), travel time = distance, both
 * from an explicit double-precision Euclidean matrix.
 */
public final class JspritVrptwSolver implements VrptwSolver {

    @Override
    public String name() {
        return "jsprit";
    }

    @Override
    public String settings() {
        return "jsprit-core 1.9.0-beta.11, Jsprit.Builder defaults, THREADS=1, TimeTermination, FleetSize.FINITE,"
                + " cost per distance 1, double Euclidean matrix";
    }

    @Override
    public VrptwSolution solve(SolomonInstance instance, Duration limit, long seed) {
        double[][] dist = instance.distanceMatrix();
        SolomonInstance.Node depotNode = instance.depot();
        VehicleRoutingProblem.Builder vrp = VehicleRoutingProblem.Builder.newInstance();
        vrp.setFleetSize(VehicleRoutingProblem.FleetSize.FINITE);
        VehicleTypeImpl type = VehicleTypeImpl.Builder.newInstance("solomon")
                .addCapacityDimension(0, instance.capacity())
                .setCostPerDistance(1.0)
                .setCostPerTransportTime(0.0)
                .setCostPerWaitingTime(0.0)
                .setFixedCost(0.0)
                .build();
        Location depot = location(0, depotNode);
        for (int v = 0; v < instance.vehicles(); v++) {
            vrp.addVehicle(VehicleImpl.Builder.newInstance("v" + v)
                    .setType(type)
                    .setStartLocation(depot)
                    .setEndLocation(depot)
                    .setReturnToDepot(true)
                    .setEarliestStart(depotNode.ready())
                    .setLatestArrival(depotNode.due())
                    .build());
        }
        for (int p = 1; p < instance.nodes().size(); p++) {
            SolomonInstance.Node c = instance.nodes().get(p);
            vrp.addJob(Service.Builder.newInstance(Integer.toString(c.id()))
                    .addSizeDimension(0, c.demand())
                    .setLocation(location(p, c))
                    .setServiceTime(c.service())
                    .setTimeWindow(TimeWindow.newInstance(c.ready(), c.due()))
                    .build());
        }
        vrp.setRoutingCost(new MatrixCosts(dist));
        VehicleRoutingProblem problem = vrp.build();

        VehicleRoutingAlgorithm algorithm = Jsprit.Builder.newInstance(problem)
                .setProperty(Jsprit.Parameter.THREADS, "1")
                .setRandom(new Random(seed))
                .buildAlgorithm();
        algorithm.setMaxIterations(Integer.MAX_VALUE);
        TimeTermination termination = new TimeTermination(limit.toMillis());
        algorithm.setPrematureAlgorithmTermination(termination);
        algorithm.addListener(termination);
        Collection<VehicleRoutingProblemSolution> solutions = algorithm.searchSolutions();
        VehicleRoutingProblemSolution best = Solutions.bestOf(solutions);

        List<List<Integer>> routes = new ArrayList<>();
        for (VehicleRoute route : best.getRoutes()) {
            List<Integer> ids = new ArrayList<>();
            for (TourActivity act : route.getActivities()) {
                if (act instanceof TourActivity.JobActivity job) {
                    ids.add(Integer.parseInt(job.getJob().getId()));
                }
            }
            routes.add(ids);
        }
        return new VrptwSolution(routes);
    }

    private static Location location(int index, SolomonInstance.Node node) {
        return Location.Builder.newInstance()
                .setId(Integer.toString(node.id()))
                .setIndex(index)
                .setCoordinate(Coordinate.newInstance(node.x(), node.y()))
                .build();
    }

    /** Distance and travel time both equal the Euclidean distance, looked up by location index. */
    private static final class MatrixCosts extends AbstractForwardVehicleRoutingTransportCosts {
        private final double[][] dist;

        MatrixCosts(double[][] dist) {
            this.dist = dist;
        }

        @Override
        public double getDistance(Location from, Location to, double departureTime, Vehicle vehicle) {
            return dist[from.getIndex()][to.getIndex()];
        }

        @Override
        public double getTransportTime(Location from, Location to, double departureTime, Driver driver, Vehicle vehicle) {
            return dist[from.getIndex()][to.getIndex()];
        }

        @Override
        public double getTransportCost(Location from, Location to, double departureTime, Driver driver, Vehicle vehicle) {
            return dist[from.getIndex()][to.getIndex()];
        }
    }
}
