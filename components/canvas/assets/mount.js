// Progress Canvas, the entry point: Streamlit calls it with each new data; the standalone
// picture calls it once.

function mountCanvas(component) {
  const { data, parentElement, setStateValue } = component;
  let canvas = instances.get(parentElement);
  const mode = (data && data.viewer && data.viewer.mode) || "static";
  if (!canvas) {
    canvas = new Canvas(parentElement, setStateValue || (() => {}), mode);
    instances.set(parentElement, canvas);
    canvas.update(data);
    canvas.restoreOutbox();
    canvas.restoreDraft();
  } else {
    canvas.update(data);
  }
  return () => { canvas.destroy(); instances.delete(parentElement); };
}

export default mountCanvas;
