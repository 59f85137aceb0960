export { Slider, type SliderProps } from './Slider';
export { nextSliderState, sliderState, useOpenInSlider, useSliderClose, type SliderState } from './slider';
