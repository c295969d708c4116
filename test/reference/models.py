"""PyTorch reference implementations of the models Orion's frontend builds.

Weights are a dict keyed by the orion parameter names of
include/Orion/Frontend/ModelBuilder.h, every linear weight in orion's
[out, in] layout. The code is written from the model definitions (GPT-2:
pre-LayerNorm, tanh GELU, learned positions, tied logits; Llama: RMSNorm,
interleaved RoPE as llama2.c, SwiGLU, grouped-query attention), not from
Orion's, so the two implementations check each other.
"""
import math

import torch
import torch.nn.functional as F


def causal_attention(q, k, v, heads, kv_heads):
    """q [S, H*D], k/v [S, KV*D] -> [S, H*D]; query heads share kv heads."""
    s = q.shape[0]
    d = q.shape[1] // heads
    q = q.view(s, heads, d).transpose(0, 1)          # [H, S, D]
    k = k.view(s, kv_heads, d).transpose(0, 1)       # [KV, S, D]
    v = v.view(s, kv_heads, d).transpose(0, 1)
    group = heads // kv_heads
    k = k.repeat_interleave(group, dim=0)            # [H, S, D]
    v = v.repeat_interleave(group, dim=0)
    scores = q @ k.transpose(1, 2) / math.sqrt(d)
    mask = torch.triu(torch.ones(s, s, dtype=torch.bool), diagonal=1)
    scores = scores.masked_fill(mask, float("-inf"))
    out = torch.softmax(scores, dim=-1) @ v          # [H, S, D]
    return out.transpose(0, 1).reshape(s, heads * d)


def gpt2_forward(w, tokens, cfg):
    s = tokens.shape[0]
    x = w["wte.weight"][tokens] + w["wpe.weight"][:s]
    for l in range(cfg["layers"]):
        p = f"h.{l}."
        h = F.layer_norm(x, (cfg["dim"],), w[p + "ln_1.weight"],
                         w[p + "ln_1.bias"], cfg["norm_eps"])
        qkv = F.linear(h, w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"])
        q, k, v = qkv.split(cfg["dim"], dim=1)
        a = causal_attention(q, k, v, cfg["heads"], cfg["heads"])
        x = x + F.linear(a, w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"])
        h = F.layer_norm(x, (cfg["dim"],), w[p + "ln_2.weight"],
                         w[p + "ln_2.bias"], cfg["norm_eps"])
        f = F.gelu(F.linear(h, w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"]),
                   approximate="tanh")
        x = x + F.linear(f, w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"])
    x = F.layer_norm(x, (cfg["dim"],), w["ln_f.weight"], w["ln_f.bias"],
                     cfg["norm_eps"])
    return x @ w["wte.weight"].t()


def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rope_interleaved(x, heads, theta):
    """Rotates pairs (2i, 2i+1) of every head by pos * theta^(-2i/D)."""
    s, c = x.shape
    d = c // heads
    pos = torch.arange(s, dtype=torch.float64)[:, None]
    freq = theta ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angle = (pos * freq[None, :]).to(x.dtype)        # [S, D/2]
    cos, sin = angle.cos(), angle.sin()
    xh = x.view(s, heads, d // 2, 2)
    a, b = xh[..., 0], xh[..., 1]
    cos, sin = cos[:, None, :], sin[:, None, :]
    out = torch.stack((a * cos - b * sin, a * sin + b * cos), dim=-1)
    return out.reshape(s, c)


def llama_forward(w, tokens, cfg):
    x = w["tok_embeddings.weight"][tokens]
    for l in range(cfg["layers"]):
        p = f"layers.{l}."
        h = rms_norm(x, w[p + "attention_norm.weight"], cfg["norm_eps"])
        q = F.linear(h, w[p + "attention.wq.weight"])
        k = F.linear(h, w[p + "attention.wk.weight"])
        v = F.linear(h, w[p + "attention.wv.weight"])
        q = rope_interleaved(q, cfg["heads"], cfg["rope_theta"])
        k = rope_interleaved(k, cfg["kv_heads"], cfg["rope_theta"])
        a = causal_attention(q, k, v, cfg["heads"], cfg["kv_heads"])
        x = x + F.linear(a, w[p + "attention.wo.weight"])
        h = rms_norm(x, w[p + "ffn_norm.weight"], cfg["norm_eps"])
        f = F.silu(F.linear(h, w[p + "feed_forward.w1.weight"])) * \
            F.linear(h, w[p + "feed_forward.w3.weight"])
        x = x + F.linear(f, w[p + "feed_forward.w2.weight"])
    x = rms_norm(x, w["norm.weight"], cfg["norm_eps"])
    out = w.get("output.weight", w["tok_embeddings.weight"])
    return x @ out.t()


def rope_rotate_half(x, heads, theta):
    """Hugging Face's RoPE: rotates pairs (i, i + D/2) of every head."""
    s, c = x.shape
    d = c // heads
    pos = torch.arange(s, dtype=torch.float64)[:, None]
    freq = theta ** (-torch.arange(0, d, 2, dtype=torch.float64) / d)
    angle = (pos * freq[None, :]).to(x.dtype)        # [S, D/2]
    cos = torch.cat((angle.cos(), angle.cos()), dim=-1)[:, None, :]
    sin = torch.cat((angle.sin(), angle.sin()), dim=-1)[:, None, :]
    xh = x.view(s, heads, d)
    rotated = torch.cat((-xh[..., d // 2:], xh[..., :d // 2]), dim=-1)
    return (xh * cos + rotated * sin).reshape(s, c)


def hf_llama_forward(w, tokens, cfg):
    """transformers' LlamaForCausalLM on its own tensor names and RoPE."""
    x = w["model.embed_tokens.weight"][tokens]
    for l in range(cfg["layers"]):
        p = f"model.layers.{l}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], cfg["norm_eps"])
        q = F.linear(h, w[p + "self_attn.q_proj.weight"])
        k = F.linear(h, w[p + "self_attn.k_proj.weight"])
        v = F.linear(h, w[p + "self_attn.v_proj.weight"])
        q = rope_rotate_half(q, cfg["heads"], cfg["rope_theta"])
        k = rope_rotate_half(k, cfg["kv_heads"], cfg["rope_theta"])
        a = causal_attention(q, k, v, cfg["heads"], cfg["kv_heads"])
        x = x + F.linear(a, w[p + "self_attn.o_proj.weight"])
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"],
                     cfg["norm_eps"])
        f = F.silu(F.linear(h, w[p + "mlp.gate_proj.weight"])) * \
            F.linear(h, w[p + "mlp.up_proj.weight"])
        x = x + F.linear(f, w[p + "mlp.down_proj.weight"])
    x = rms_norm(x, w["model.norm.weight"], cfg["norm_eps"])
    out = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return x @ out.t()
