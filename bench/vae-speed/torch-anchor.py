#!/usr/bin/env python3
"""PyTorch CPU anchor for `npm run bench -- vae-speed`: the same two networks as ferroloop, timed per epoch.

Trajectory VAE: 7500 curves x 900 samples, encoder 900-128 (ELU) -> 2x2, decoder 2-128 (ELU) -> 900, Gaussian
reconstruction + KL, Adam, batch 256, then (as ferroloop does each epoch) the reconstruction MSE of all curves. rVAE: 2000 images 32x32, encoder 1024-128-128 (tanh) -> 2x5 (angle, shift
x, y, z1, z2), spatial decoder: rotated/shifted pixel grid (2 -> 128) + code (2 -> 128), tanh, 128-128 tanh,
128 -> 1 logit per pixel, Bernoulli likelihood, Adam, batch 64. Random data (timing only). Usage:
  python3 bench/vae-speed/torch-anchor.py [--threads 1] [--epochs 3] [--cards 2000]
Debian: apt-get install python3-torch.
"""
import argparse, time, math
import torch
from torch import nn

p = argparse.ArgumentParser()
p.add_argument('--threads', type=int, default=1)
p.add_argument('--epochs', type=int, default=3)
p.add_argument('--cards', type=int, default=2000)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)


def epoch_seconds(step, batches, epochs, after_epoch=None):
    """'W s/epoch wall, C s/epoch CPU': means over epochs 2..E (the first warms up)."""
    wall, cpu = [], []
    for _ in range(epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        for b in range(batches):
            step(b)
        if after_epoch is not None:
            after_epoch()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    n = max(1, len(wall) - 1)
    return f'{sum(wall[1:]) / n:.3f} s/epoch wall, {sum(cpu[1:]) / n:.3f} s/epoch CPU'


# Trajectory VAE.
X = torch.randn(7500, 900)
enc = nn.Sequential(nn.Linear(900, 128), nn.ELU(), nn.Linear(128, 4))
dec = nn.Sequential(nn.Linear(2, 128), nn.ELU(), nn.Linear(128, 900))
opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), 1e-3)
perm = torch.randperm(7500)


def vae_step(b):
    x = X[perm[b * 256:(b + 1) * 256]]
    h = enc(x)
    mu, lv = h[:, :2], h[:, 2:]
    z = mu + torch.randn_like(mu) * torch.exp(0.5 * lv)
    r = dec(z)
    loss = (0.5 * ((r - x) ** 2).sum(1) / 0.05 ** 2 + 0.5 * (mu ** 2 + lv.exp() - 1 - lv).sum(1)).mean()
    opt.zero_grad(); loss.backward(); opt.step()


def vae_monitor():
    """What ferroloop's trajectory-VAE training does after every epoch (early stopping): reconstruction MSE of
    decode(mu) over all 7500 curves, in chunks of 1024, no gradients."""
    with torch.no_grad():
        sse = 0.0
        for s in range(0, 7500, 1024):
            x = X[s:s + 1024]
            sse += float(((dec(enc(x)[:, :2]) - x) ** 2).sum())
    return sse / X.numel()


print(f'trajectory VAE 7500x900, hidden 128 ELU, batch 256: {epoch_seconds(vae_step, math.ceil(7500 / 256), a.epochs, vae_monitor)} ({a.threads} thread(s))')

# rVAE.
S, N, B, H = 32, a.cards, 64, 128
I = torch.rand(N, S * S)
g = torch.linspace(-1, 1, S)
grid = torch.stack(torch.meshgrid(g, g, indexing='xy'), -1).reshape(-1, 2)  # P x 2
renc = nn.Sequential(nn.Linear(S * S, H), nn.Tanh(), nn.Linear(H, H), nn.Tanh(), nn.Linear(H, 10))
coord, code = nn.Linear(2, H), nn.Linear(2, H, bias=False)
rdec = nn.Sequential(nn.Tanh(), nn.Linear(H, H), nn.Tanh(), nn.Linear(H, 1))
params = list(renc.parameters()) + list(coord.parameters()) + list(code.parameters()) + list(rdec.parameters())
ropt = torch.optim.Adam(params, 1e-3)


def rvae_step(b):
    x = I[b * B:(b + 1) * B]
    h = renc(x)
    mu, lv = h[:, :5], h[:, 5:]
    s = mu + torch.randn_like(mu) * torch.exp(0.5 * lv)
    c, sn = torch.cos(s[:, :1]), torch.sin(s[:, :1])
    gx, gy = grid[:, 0][None], grid[:, 1][None]
    px = gx * c - gy * sn + 0.1 * s[:, 1:2]
    py = gx * sn + gy * c + 0.1 * s[:, 2:3]
    coords = torch.stack([px, py], -1)  # B x P x 2
    logits = rdec(coord(coords) + code(s[:, 3:])[:, None, :]).squeeze(-1)
    rec = (x * logits - nn.functional.softplus(logits)).sum(1)
    kl = 0.5 * (mu ** 2 + lv.exp() - 1 - lv).sum(1)
    loss = (kl - rec).mean()
    ropt.zero_grad(); loss.backward(); ropt.step()


print(f'rVAE {N} cards 32x32, hidden 128, batch 64: {epoch_seconds(rvae_step, math.ceil(N / B), a.epochs)} ({a.threads} thread(s))')
