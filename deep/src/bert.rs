//! The encoder: a BERT (all-MiniLM-L6-v2's shape) run with candle. Its matrices are stored int8
//! (GGUF Q8_0) and widened to f32 when the model is read: candle's int8 products requantise every
//! activation to int8, which in WebAssembly was slower than gemm's f32 SIMD kernels (0.55 against
//! 0.30 s for 280 characters) and rounded differently from the native build (scores 0.05 apart).
//! The word embeddings, half the weights, stay int8: only the rows a text uses are widened.
//! Reads its shape and weights from the model file; holds nothing else.

use std::io::{Read, Seek};

use candle_core::quantized::{gguf_file, QMatMul, QTensor};
use candle_core::{DType, Device, Module, Tensor};

use crate::Error;

/// A linear layer: an f32 matrix (int8 in the file) and an f32 bias.
struct Linear {
    weight: QMatMul,
    bias: Tensor,
}

impl Linear {
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        self.weight.forward(x)?.broadcast_add(&self.bias)
    }
}

struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attention_out: Linear,
    attention_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    output_norm: LayerNorm,
}

/// The encoder and the classifier head on its mean-pooled output.
pub struct Encoder {
    words: QTensor,
    positions: Tensor,
    token_type: Tensor,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
    head: Linear,
    heads: usize,
    eps: f32,
}

/// The model file's parts: the encoder, and the metadata the checker reads.
pub struct ModelFile {
    pub encoder: Encoder,
    pub metadata: std::collections::HashMap<String, gguf_file::Value>,
}

const PREFIX: &str = "encoder.";

impl ModelFile {
    /// Reads the file from `reader` tensor by tensor, so the whole file need not be in memory
    /// beside the weights it holds (in WebAssembly, whose memory never shrinks, it would stay).
    pub fn read<R: Read + Seek>(reader: &mut R) -> Result<ModelFile, Error> {
        let content = gguf_file::Content::read(reader).map_err(Error::model)?;
        let device = Device::Cpu;
        let number = |key: &str| -> Result<&gguf_file::Value, Error> {
            content
                .metadata
                .get(key)
                .ok_or_else(|| Error::Model(format!("the model file has no {key}")))
        };
        let layers = number("bert.block_count")?.to_u32().map_err(Error::model)? as usize;
        let heads = number("bert.attention.head_count")?
            .to_u32()
            .map_err(Error::model)? as usize;
        let eps = number("bert.attention.layer_norm_epsilon")?
            .to_f32()
            .map_err(Error::model)?;
        let metadata = content.metadata.clone();
        let mut load = Loader {
            content: &content,
            reader,
            device: &device,
        };
        let e = format!("{PREFIX}embeddings.");
        let encoder = Encoder {
            words: load.q(&format!("{e}word_embeddings.weight"))?,
            positions: load.dense(&format!("{e}position_embeddings.weight"))?,
            token_type: load
                .dense(&format!("{e}token_type_embeddings.weight"))?
                .get(0)
                .map_err(Error::model)?,
            embedding_norm: load.norm(&format!("{e}LayerNorm"))?,
            layers: (0..layers)
                .map(|i| {
                    let l = format!("{PREFIX}encoder.layer.{i}.");
                    Ok(Layer {
                        query: load.linear(&format!("{l}attention.self.query"))?,
                        key: load.linear(&format!("{l}attention.self.key"))?,
                        value: load.linear(&format!("{l}attention.self.value"))?,
                        attention_out: load.linear(&format!("{l}attention.output.dense"))?,
                        attention_norm: load.norm(&format!("{l}attention.output.LayerNorm"))?,
                        intermediate: load.linear(&format!("{l}intermediate.dense"))?,
                        output: load.linear(&format!("{l}output.dense"))?,
                        output_norm: load.norm(&format!("{l}output.LayerNorm"))?,
                    })
                })
                .collect::<Result<_, Error>>()?,
            head: load.linear("head")?,
            heads,
            eps,
        };
        Ok(ModelFile { encoder, metadata })
    }
}

struct Loader<'a, R> {
    content: &'a gguf_file::Content,
    reader: &'a mut R,
    device: &'a Device,
}

impl<R: Read + Seek> Loader<'_, R> {
    fn q(&mut self, name: &str) -> Result<QTensor, Error> {
        self.content
            .tensor(self.reader, name, self.device)
            .map_err(|e| Error::Model(format!("{name}: {e}")))
    }
    fn dense(&mut self, name: &str) -> Result<Tensor, Error> {
        self.q(name)?.dequantize(self.device).map_err(Error::model)
    }
    fn linear(&mut self, name: &str) -> Result<Linear, Error> {
        Ok(Linear {
            weight: QMatMul::Tensor(self.dense(&format!("{name}.weight"))?),
            bias: self.dense(&format!("{name}.bias"))?,
        })
    }
    fn norm(&mut self, name: &str) -> Result<LayerNorm, Error> {
        Ok(LayerNorm {
            weight: self.dense(&format!("{name}.weight"))?,
            bias: self.dense(&format!("{name}.bias"))?,
        })
    }
}

impl Encoder {
    /// The most tokens one sequence may hold (the position embeddings' length).
    pub fn max_positions(&self) -> usize {
        self.positions.dims()[0]
    }

    /// The head's sigmoid scores for a batch of token sequences: `ids` and `mask` are
    /// `batch × length`, padded with mask 0. One row of scores per sequence.
    pub fn scores(
        &self,
        ids: &[u32],
        mask: &[u32],
        batch: usize,
    ) -> candle_core::Result<Vec<Vec<f32>>> {
        let length = ids.len() / batch.max(1);
        let device = Device::Cpu;
        let ids = Tensor::from_slice(ids, (batch, length), &device)?;
        let mask = Tensor::from_slice(mask, (batch, length), &device)?.to_dtype(DType::F32)?;
        let x = self
            .words
            .embedding(&ids)?
            .broadcast_add(&self.positions.narrow(0, 0, length)?)?
            .broadcast_add(&self.token_type)?;
        let mut x = self.norm(&x, &self.embedding_norm)?;
        // Padding is never attended to: a large negative added to its attention scores.
        let bias = ((mask.clone() - 1.0)? * 1e4)?.reshape((batch, 1, 1, length))?;
        for layer in &self.layers {
            x = self.layer(&x, layer, &bias)?;
        }
        let mask = mask.unsqueeze(2)?;
        let pooled = x
            .broadcast_mul(&mask)?
            .sum(1)?
            .broadcast_div(&mask.sum(1)?.clamp(1.0, f32::MAX)?)?;
        candle_nn::ops::sigmoid(&self.head.forward(&pooled)?)?.to_vec2()
    }

    fn norm(&self, x: &Tensor, n: &LayerNorm) -> candle_core::Result<Tensor> {
        candle_nn::ops::layer_norm(x, &n.weight, &n.bias, self.eps)
    }

    fn layer(&self, x: &Tensor, l: &Layer, bias: &Tensor) -> candle_core::Result<Tensor> {
        let (batch, length, hidden) = x.dims3()?;
        let size = hidden / self.heads;
        let split = |t: Tensor| -> candle_core::Result<Tensor> {
            t.reshape((batch, length, self.heads, size))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = split(l.query.forward(x)?)?;
        let k = split(l.key.forward(x)?)?;
        let v = split(l.value.forward(x)?)?;
        let attention = (q.matmul(&k.t()?)? / (size as f64).sqrt())?.broadcast_add(bias)?;
        let attention = candle_nn::ops::softmax_last_dim(&attention)?;
        let context = attention
            .matmul(&v)?
            .transpose(1, 2)?
            .reshape((batch, length, hidden))?;
        let x = self.norm(
            &(l.attention_out.forward(&context)? + x)?,
            &l.attention_norm,
        )?;
        let inner = l.intermediate.forward(&x)?.gelu_erf()?;
        self.norm(&(l.output.forward(&inner)? + &x)?, &l.output_norm)
    }
}
