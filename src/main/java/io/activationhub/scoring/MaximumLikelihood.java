package io.activationhub.scoring;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

import java.util.function.ToDoubleFunction;

/**
 * Maximum-likelihood fit of strictly positive parameters with the Nelder-Mead simplex (Apache Commons Math): the
 * search runs on the logarithms of the parameters, so it never leaves the domain, and restarts from its own optimum
 * until the log-likelihood stops improving (a single simplex run can stall on a ridge).
 */
public final class MaximumLikelihood {

    /** What a fit found: the parameters, the log-likelihood there and how many times it was evaluated. */
    public record Fit(double[] parameters, double logLikelihood, int evaluations) {
    }

    private static final int MAX_EVALUATIONS = 20_000;
    private static final int MAX_RESTARTS = 6;

    private MaximumLikelihood() {
    }

    /**
     * @param logLikelihood total log-likelihood of the data at the given (positive) parameters; non-finite values
     *                      are treated as impossible
     * @param start         positive starting parameters
     */
    public static Fit maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
        int[] evaluations = {0};
        MultivariateFunction objective = logs -> {
            evaluations[0]++;
            double[] p = new double[logs.length];
            for (int i = 0; i < logs.length; i++) {
                p[i] = Math.exp(logs[i]);
            }
            double ll = logLikelihood.applyAsDouble(p);
            return Double.isFinite(ll) ? ll : Double.NEGATIVE_INFINITY;
        };
        double[] point = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            if (!(start[i] > 0)) {
                throw new IllegalArgumentException("starting parameters must be positive");
            }
            point[i] = Math.log(start[i]);
        }
        double best = objective.value(point);
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-10);
            PointValuePair optimum = optimizer.optimize(new MaxEval(MAX_EVALUATIONS), new ObjectiveFunction(objective),
                    GoalType.MAXIMIZE, new InitialGuess(point), new NelderMeadSimplex(point.length, 0.5));
            boolean improved = optimum.getValue() > best + 1e-9 * Math.max(1, Math.abs(best));
            if (optimum.getValue() >= best) {
                point = optimum.getPoint();
                best = optimum.getValue();
            }
            if (!improved) {
                break;
            }
        }
        if (!Double.isFinite(best)) {
            throw new ArithmeticException("the log-likelihood is not finite anywhere the optimiser looked");
        }
        double[] parameters = new double[point.length];
        for (int i = 0; i < point.length; i++) {
            parameters[i] = Math.exp(point[i]);
        }
        return new Fit(parameters, best, evaluations[0]);
    }
}
