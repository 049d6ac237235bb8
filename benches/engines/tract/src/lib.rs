//! tract running the deeper check's encoder and head from `scripts/a2_onnx.py`'s ONNX export, so
//! benches/node/engine-bench.mjs can time it beside candle on the same trained weights, in
//! WebAssembly with SIMD. Not shipped.

use tract_onnx::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct TractEngine {
    plan: Arc<TypedRunnableModel>,
}

#[wasm_bindgen]
impl TractEngine {
    /// Reads and optimises an ONNX model with inputs `ids` and `mask` (int64, 1 × length, of any
    /// length) and output `scores`. One sequence at a time: tract cannot infer the export's
    /// attention shapes with both the batch and the length symbolic.
    #[wasm_bindgen(constructor)]
    pub fn new(onnx: &[u8]) -> Result<TractEngine, JsError> {
        TractEngine::load(onnx).map_err(|e| JsError::new(&format!("{e:?}")))
    }

    /// The scores of one sequence of token ids ([CLS] and [SEP] included), unpadded.
    pub fn scores(&self, ids: &[u32]) -> Result<Vec<f32>, JsError> {
        self.run(ids).map_err(|e| JsError::new(&format!("{e:?}")))
    }
}

impl TractEngine {
    pub fn load(mut onnx: &[u8]) -> TractResult<TractEngine> {
        let mut model = tract_onnx::onnx().model_for_read(&mut onnx)?;
        let length = model.sym("S");
        for input in 0..2 {
            model = model.with_input_fact(
                input,
                InferenceFact::dt_shape(i64::datum_type(), tvec!(1.to_dim(), length.to_dim())),
            )?;
        }
        let plan = model.into_optimized()?.into_runnable()?;
        Ok(TractEngine { plan })
    }

    pub fn run(&self, ids: &[u32]) -> TractResult<Vec<f32>> {
        let n = ids.len();
        let ids = tract_ndarray::Array2::from_shape_vec((1, n), ids.iter().map(|&i| i as i64).collect())?;
        let mask = tract_ndarray::Array2::<i64>::ones((1, n));
        let out = self.plan.run(tvec!(Tensor::from(ids).into(), Tensor::from(mask).into()))?;
        Ok(out[0].to_plain_array_view::<f32>()?.iter().copied().collect())
    }
}
