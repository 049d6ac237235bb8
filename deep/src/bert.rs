//! The encoder: a BERT (all-MiniLM-L6-v2's shape) run with candle. Its matrices are stored int8
//! (GGUF Q8_0); when the model is read each row is scaled to 13-bit integers, and every product
//! scales its input's rows the same way and multiplies in 16-bit lanes (products.rs): exact
//! integer sums, so native and WebAssembly agree, and faster and smaller in WebAssembly than f32
//! products (which this engine used before) or candle's int8 ones (which requantise activations to
//! 8 bits: slower there, and scores 0.05 apart from the native build's).
//! The word embeddings, half the weights, stay int8: only the rows a text uses are widened.
//! Reads its shape and weights from the model file; holds nothing else.

use std::io::{Read, Seek};

use candle_core::quantized::{gguf_file, QTensor};
use candle_core::{DType, Device, Tensor};

use crate::attention;
use crate::products::{self, Scaled};
use crate::Error;

/// A linear layer: its matrix (int8 in the file) scaled to 13-bit integers row by row (see
/// products.rs) and an f32 bias.
struct Linear {
    weight: Scaled,
    bias: Vec<f32>,
}

impl Linear {
    fn new(weight: &Tensor, bias: &Tensor) -> candle_core::Result<Linear> {
        let (outputs, inputs) = weight.dims2()?;
        if inputs == 0 || bias.dims1()? != outputs {
            return Err(candle_core::Error::Msg(format!(
                "a {outputs} × {inputs} layer with {} biases",
                bias.elem_count()
            )));
        }
        Ok(Linear {
            weight: Scaled::new(&weight.flatten_all()?.to_vec1::<f32>()?, inputs),
            bias: bias.to_vec1()?,
        })
    }

    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        self.apply(&Input::new(x)?)
    }

    /// The layer on an input already scaled, as a tensor.
    fn apply(&self, x: &Input) -> candle_core::Result<Tensor> {
        let out = self.products(x);
        let mut shape = x.shape.clone();
        if let Some(last) = shape.last_mut() {
            *last = self.bias.len();
        }
        Tensor::from_vec(out, shape, &Device::Cpu)
    }

    /// The layer on an input already scaled (the query, key and value read the same one), row by
    /// row.
    fn products(&self, x: &Input) -> Vec<f32> {
        products::linear(&x.values, &self.weight, &self.bias)
    }
}

/// A layer's input, scaled to integers row by row, and its shape.
struct Input {
    values: Scaled,
    shape: Vec<usize>,
}

impl Input {
    fn new(x: &Tensor) -> candle_core::Result<Input> {
        let shape = x.dims().to_vec();
        let depth = shape.last().copied().unwrap_or(0);
        Ok(Input {
            values: Scaled::new(&x.flatten_all()?.to_vec1::<f32>()?, depth),
            shape,
        })
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
        // Attention splits each token's values among the heads: a file whose numbers do not divide
        // would fail (or divide by zero) at the first check. Checked from the file's index, before
        // any weight is read.
        let positions = format!("{PREFIX}embeddings.position_embeddings.weight");
        let hidden = content
            .tensor_infos
            .get(&positions)
            .and_then(|info| info.shape.dims().get(1).copied())
            .ok_or_else(|| Error::Model(format!("the model file has no {positions}")))?;
        if heads == 0 || hidden % heads != 0 {
            return Err(Error::Model(format!(
                "its {heads} attention heads cannot share the {hidden} values of a token"
            )));
        }
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
        Linear::new(
            &self.dense(&format!("{name}.weight"))?,
            &self.dense(&format!("{name}.bias"))?,
        )
        .map_err(|e| Error::Model(format!("{name}: {e}")))
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
        // Padding is never attended to: a large negative added to its attention scores.
        let padding: Vec<f32> = mask
            .iter()
            .map(|&m| if m == 0 { -1e4 } else { 0.0 })
            .collect();
        let ids = Tensor::from_slice(ids, (batch, length), &device)?;
        let mask = Tensor::from_slice(mask, (batch, length), &device)?.to_dtype(DType::F32)?;
        let x = self
            .words
            .embedding(&ids)?
            .broadcast_add(&self.positions.narrow(0, 0, length)?)?
            .broadcast_add(&self.token_type)?;
        let mut x = self.norm(&x, &self.embedding_norm)?;
        for layer in &self.layers {
            x = self.layer(&x, layer, &padding)?;
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

    fn layer(&self, x: &Tensor, l: &Layer, padding: &[f32]) -> candle_core::Result<Tensor> {
        let length = x.dims3()?.1;
        let input = Input::new(x)?;
        let context = attention::attend(
            &l.query.products(&input),
            &l.key.products(&input),
            &l.value.products(&input),
            padding,
            length,
            self.heads,
        );
        let context = Tensor::from_vec(context, x.dims(), &Device::Cpu)?;
        let x = self.norm(
            &(l.attention_out.forward(&context)? + x)?,
            &l.attention_norm,
        )?;
        let inner = l.intermediate.forward(&x)?.gelu_erf()?;
        self.norm(&(l.output.forward(&inner)? + &x)?, &l.output_norm)
    }
}
