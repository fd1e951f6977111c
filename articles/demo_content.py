"""Demo articles written for this project (educational examples, not clinical advice)."""

PSOAS_MYOSITIS = """\
## From the Guidelines

Psoas myositis is inflammation or infection of the psoas muscle, most often bacterial
(pyomyositis) and most often caused by *Staphylococcus aureus*. Infectious-disease
guidelines on skin and soft-tissue infection recommend early imaging and empirical
antibiotics active against *S. aureus*, including MRSA where it is common.

## From the Research

- Empirical therapy: vancomycin, narrowed once cultures return (for example to cefazolin
  for methicillin-susceptible strains).
- Drainage: a collection that forms an abscess usually needs percutaneous (CT-guided) or
  surgical drainage.
- Duration: commonly two to six weeks of antibiotics, guided by clinical and imaging
  response.

## From the FDA Drug Label

Vancomycin doses are adjusted for kidney function, and levels are monitored to limit
nephrotoxicity.
"""

INFLAMMATORY_MYOSITIS = """\
## From the Guidelines

Idiopathic inflammatory myopathies (dermatomyositis, polymyositis, inclusion body myositis,
immune-mediated necrotising myopathy) present with proximal muscle weakness. Diagnosis
combines the clinical picture, raised creatine kinase, myositis-specific antibodies, MRI,
electromyography and, when needed, muscle biopsy.

## From the Research

First-line treatment is a glucocorticoid, usually with a steroid-sparing agent such as
methotrexate, azathioprine or mycophenolate. Intravenous immunoglobulin helps refractory
dermatomyositis. Inclusion body myositis responds poorly to immunosuppression.
"""

PSOAS_ABSCESS = """\
## From the Research

A primary psoas abscess spreads to the muscle through the blood, often from a distant
focus, and is more common in people with diabetes, immunosuppression or injection drug
use. A secondary abscess spreads from a neighbouring structure: Crohn's disease,
diverticulitis, appendicitis, vertebral osteomyelitis or a urinary tract infection.

The classic triad of fever, back or flank pain and a limp is present in only a minority;
CT or MRI confirms the diagnosis.
"""

PYOMYOSITIS = """\
## From the Research

Pyomyositis evolves in stages: an invasive stage with crampy pain and a firm "woody"
muscle; a suppurative stage with fever and an abscess (when most patients present); and a
late stage with sepsis. MRI shows the extent of muscle involvement early.
"""

ILIOPSOAS_BURSITIS = """\
## From the Guidelines

Iliopsoas bursitis is treated first with rest from aggravating activity, stretching and
strengthening, and non-steroidal anti-inflammatory drugs when they are safe for the
patient.

## From the Research

An image-guided corticosteroid injection into the bursa helps when pain persists; surgery
is rarely needed.
"""
