"""Quantization variants of an exported fp32 ONNX model. usage: quant.py IN.onnx"""
import sys
from onnxruntime.quantization import quantize_dynamic, QuantType
src = sys.argv[1]; base = src[:-5]
quantize_dynamic(src, base + ".int8pc.onnx", weight_type=QuantType.QInt8, per_channel=True)
quantize_dynamic(src, base + ".int8mm.onnx", weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"])
