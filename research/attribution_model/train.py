"""Fine-tune truncated MiniLM-L6 as a 3-role BIO tagger (3 independent softmaxes over {O,B,I}).
usage: train.py NLAYERS EPOCHS OUTDIR [--lr 1e-4] [--bs 16] [--max_steps N]"""
import argparse, os, pickle, random, time, math
import numpy as np, torch
from common import *
from export_onnx import Tagger

ap = argparse.ArgumentParser()
ap.add_argument("nlayers", type=int); ap.add_argument("epochs", type=float); ap.add_argument("out")
ap.add_argument("--lr", type=float, default=1e-4); ap.add_argument("--bs", type=int, default=16)
ap.add_argument("--max_steps", type=int, default=0); ap.add_argument("--seed", type=int, default=13)
ap.add_argument("--save_every", type=int, default=100)
ap.add_argument("--init", default="", help="continue from a saved state_dict")
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)
random.seed(a.seed); np.random.seed(a.seed); torch.manual_seed(a.seed)
torch.set_num_threads(2)

data = pickle.load(open("/tmp/qt/model/train.pkl", "rb"))
items = []   # (ids window with CLS/SEP, labels window)
for doc, ids, offs, lab in data:
    for s, e in windows(len(ids)):
        X = np.concatenate([[CLS], ids[s:e], [SEP]])
        Y = np.concatenate([np.full((1, 3), -100), lab[s:e], np.full((1, 3), -100)])
        items.append((X, Y))
print("windows", len(items), flush=True)

m = Tagger(a.nlayers)
if a.init:
    m.load_state_dict(torch.load(a.init, map_location="cpu"))
m.train()
steps_per_epoch = math.ceil(len(items) / a.bs)
total = int(steps_per_epoch * a.epochs)
if a.max_steps: total = min(total, a.max_steps)
opt = torch.optim.AdamW(m.parameters(), lr=a.lr, weight_decay=0.01)
warm = max(1, int(0.06 * total))
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm))))
lossf = torch.nn.CrossEntropyLoss(ignore_index=-100)
step, t0 = 0, time.time()
while step < total:
    order = np.random.permutation(len(items))
    for b in range(0, len(order), a.bs):
        batch = [items[i] for i in order[b:b + a.bs]]
        L = max(len(x) for x, _ in batch)
        X = torch.zeros(len(batch), L, dtype=torch.long); M = torch.zeros_like(X)
        Y = torch.full((len(batch), L, 3), -100, dtype=torch.long)
        for i, (x, y) in enumerate(batch):
            X[i, :len(x)] = torch.from_numpy(x); M[i, :len(x)] = 1; Y[i, :len(x)] = torch.from_numpy(y)
        logits = m(X, M).view(len(batch), L, 3, 3)
        loss = lossf(logits.reshape(-1, 3), Y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step(); sched.step(); opt.zero_grad()
        step += 1
        if step % 10 == 0:
            print(f"step {step}/{total} loss {loss.item():.4f} {(time.time()-t0)/step:.2f}s/step", flush=True)
        if step % a.save_every == 0 or step == total:
            torch.save(m.state_dict(), f"{a.out}/model.pt")
            print(f"saved at step {step}", flush=True)
        if step >= total:
            break
print("done", time.time() - t0, flush=True)
