# Export an encoder (+linear head) to ONNX and make an int8 dynamic-quantized copy.
# usage: export_onnx.py NLAYERS OUT_PREFIX [checkpoint.pt]
import sys, os, torch
os.environ["HF_HUB_OFFLINE"] = "1"
from transformers import BertModel
from common import MODEL_DIR
from onnxruntime.quantization import quantize_dynamic, QuantType

class Tagger(torch.nn.Module):
    def __init__(self, nlayers, nout=9):
        super().__init__()
        self.bert = BertModel.from_pretrained(MODEL_DIR, add_pooling_layer=False)
        self.bert.encoder.layer = self.bert.encoder.layer[:nlayers]
        self.bert.config.num_hidden_layers = nlayers
        self.head = torch.nn.Linear(384, nout)
    def forward(self, input_ids, attention_mask):
        h = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(h)

if __name__ == "__main__":
    n, out = int(sys.argv[1]), sys.argv[2]
    torch.manual_seed(0)
    m = Tagger(n).eval()
    if len(sys.argv) > 3:
        m.load_state_dict(torch.load(sys.argv[3], map_location="cpu"))
    X = torch.randint(1000, 2000, (2, 256)); M = torch.ones_like(X)
    torch.onnx.export(m, (X, M), out + ".onnx", input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], dynamic_axes={"input_ids": {0: "b", 1: "t"},
                      "attention_mask": {0: "b", 1: "t"}, "logits": {0: "b", 1: "t"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(out + ".onnx", out + ".int8.onnx", weight_type=QuantType.QInt8)
    for p in (out + ".onnx", out + ".int8.onnx"):
        print(p, round(os.path.getsize(p) / 1e6, 1), "MB")
