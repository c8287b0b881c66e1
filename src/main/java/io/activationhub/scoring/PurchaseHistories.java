package io.activationhub.scoring;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What the BG/NBD model knows of each customer, in its notation: {@code x} repeat purchases (purchase occasions after
 * the first), {@code tx} the time of the last purchase and {@code T} the time since the first purchase, both counted
 * from the first purchase, in weeks. A weight counts identical histories once (the likelihood is a weighted sum).
 */
public final class PurchaseHistories {

    private int size;
    private int[] x;
    private double[] tx;
    private double[] t;
    private double[] weight;

    public PurchaseHistories(int capacity) {
        int c = Math.max(16, capacity);
        x = new int[c];
        tx = new double[c];
        t = new double[c];
        weight = new double[c];
    }

    /** @throws IllegalArgumentException for an impossible history (x < 0, tx < 0 or tx > T) */
    public PurchaseHistories add(int repeatPurchases, double lastPurchaseWeeks, double ageWeeks, double count) {
        if (repeatPurchases < 0 || lastPurchaseWeeks < 0 || lastPurchaseWeeks > ageWeeks + 1e-9 || count <= 0) {
            throw new IllegalArgumentException("impossible purchase history x=" + repeatPurchases + " tx="
                    + lastPurchaseWeeks + " T=" + ageWeeks);
        }
        if (size == x.length) {
            int c = size * 2;
            x = Arrays.copyOf(x, c);
            tx = Arrays.copyOf(tx, c);
            t = Arrays.copyOf(t, c);
            weight = Arrays.copyOf(weight, c);
        }
        x[size] = repeatPurchases;
        tx[size] = repeatPurchases == 0 ? 0 : lastPurchaseWeeks;
        t[size] = ageWeeks;
        weight[size] = count;
        size++;
        return this;
    }

    public PurchaseHistories add(int repeatPurchases, double lastPurchaseWeeks, double ageWeeks) {
        return add(repeatPurchases, lastPurchaseWeeks, ageWeeks, 1);
    }

    /** The same histories with identical (x, tx, T) merged into one weighted entry: fewer terms per likelihood. */
    public PurchaseHistories compressed() {
        Map<Key, Integer> index = new HashMap<>();
        PurchaseHistories out = new PurchaseHistories(Math.min(size, 1 << 16));
        for (int i = 0; i < size; i++) {
            Key k = new Key(x[i], tx[i], t[i]);
            Integer at = index.get(k);
            if (at == null) {
                index.put(k, out.size);
                out.add(x[i], tx[i], t[i], weight[i]);
            } else {
                out.weight[at] += weight[i];
            }
        }
        return out;
    }

    private record Key(int x, double tx, double t) {
    }

    public int size() {
        return size;
    }

    public int x(int i) {
        return x[i];
    }

    public double tx(int i) {
        return tx[i];
    }

    public double age(int i) {
        return t[i];
    }

    public double weight(int i) {
        return weight[i];
    }

    public double totalWeight() {
        double w = 0;
        for (int i = 0; i < size; i++) {
            w += weight[i];
        }
        return w;
    }

    public int maxX() {
        int m = 0;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, x[i]);
        }
        return m;
    }

    public double meanAge() {
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += t[i] * weight[i];
        }
        return size == 0 ? 0 : s / totalWeight();
    }
}
