# Step 1(ii): ONNX Runtime speed of MiniLM encoder (+9-way linear head) over dev texts, whole process.
# usage: bench_onnx.py MODEL.onnx [threads]
import sys, time
t0 = time.time()
import numpy as np, onnxruntime as ort
from common import *
path = sys.argv[1]; th = int(sys.argv[2]) if len(sys.argv) > 2 else 2
so = ort.SessionOptions(); so.intra_op_num_threads = th; so.inter_op_num_threads = 1
sess = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
tok = load_tokenizer()
t1 = time.time()
ntok = nwin = 0
for doc in split_docs("dev"):
    text = read_text("dev", doc)
    ids, offs = encode(tok, text)
    wins = windows(len(ids))
    for b in range(0, len(wins), 8):
        X, M = batch_windows(ids, wins[b:b + 8])
        lg = sess.run(None, {"input_ids": X, "attention_mask": M})[0]
    ntok += len(ids); nwin += len(wins)
print(f"{path} threads={th} wordpieces={ntok} windows={nwin} load={t1-t0:.2f}s total_inproc={time.time()-t0:.2f}s")
