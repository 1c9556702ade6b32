"""Fits scikit-learn's GaussianProcessRegressor (MLE, 10 optimiser restarts, normalize_y) with an ARD Matérn-5/2
and an ARD RBF kernel, each plus a WhiteKernel, to the designs bench/gp-vs-sklearn.ts writes, and prints the
held-out RMSE against the noise-free truth as JSON lines. Usage: python3 sklearn-fit.py DESIGNS.json"""
import json
import sys
import warnings

import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, Matern, WhiteKernel

warnings.filterwarnings("ignore")
for row in json.load(open(sys.argv[1])):
    d = row["d"]
    X = np.array(row["X"]).reshape(-1, d)
    T = np.array(row["T"]).reshape(-1, d)
    truth = np.array(row["truth"])
    out = {"key": row["key"]}
    for name, base in (("matern", Matern(length_scale=np.ones(d), nu=2.5)), ("rbf", RBF(length_scale=np.ones(d)))):
        kernel = ConstantKernel(1.0) * base + WhiteKernel(1e-2)
        gp = GaussianProcessRegressor(kernel=kernel, normalize_y=True, n_restarts_optimizer=10, random_state=row["seed"])
        gp.fit(X, np.array(row["y"]))
        out[name] = float(np.sqrt(np.mean((gp.predict(T) - truth) ** 2)))
    print(json.dumps(out), flush=True)
