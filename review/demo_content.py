"""Demo content written for this project (educational examples, not clinical advice).

The references are real, well-known publications, cited by key in the bodies.
"""

from references.data import Kind, ReferenceData, organisation, person

REFERENCES = {
    "stevens2014": ReferenceData(
        kind=Kind.GUIDELINE,
        title="Practice guidelines for the diagnosis and management of skin and soft tissue "
        "infections: 2014 update by the Infectious Diseases Society of America",
        authors=[
            person("Stevens", "Dennis L."),
            person("Bisno", "Alan L."),
            person("Chambers", "Henry F."),
            person("Dellinger", "E. Patchen"),
            person("Goldstein", "Ellie J. C."),
            person("Gorbach", "Sherwood L."),
            person("Hirschmann", "Jan V."),
        ],
        container_title="Clinical Infectious Diseases",
        container_title_short="Clin Infect Dis",
        issuing_body="Infectious Diseases Society of America",
        year=2014,
        volume="59",
        issue="2",
        pages="e10-e52",
        doi="10.1093/cid/ciu296",
        pmid="24973422",
    ),
    "crum2004": ReferenceData(
        kind=Kind.RESEARCH,
        title="Bacterial pyomyositis in the United States",
        authors=[person("Crum", "Nancy F.")],
        container_title="The American Journal of Medicine",
        container_title_short="Am J Med",
        year=2004,
        volume="117",
        issue="6",
        pages="420-428",
        doi="10.1016/j.amjmed.2004.03.031",
        pmid="15380499",
    ),
    "mallick2004": ReferenceData(
        kind=Kind.REVIEW,
        title="Iliopsoas abscesses",
        authors=[
            person("Mallick", "I. H."),
            person("Thoufeeq", "M. H."),
            person("Rajendran", "T. P."),
        ],
        container_title="Postgraduate Medical Journal",
        container_title_short="Postgrad Med J",
        year=2004,
        volume="80",
        issue="946",
        pages="459-462",
        doi="10.1136/pgmj.2003.017665",
        pmid="15299155",
    ),
    "lundberg2017": ReferenceData(
        kind=Kind.GUIDELINE,
        title="2017 European League Against Rheumatism/American College of Rheumatology "
        "classification criteria for adult and juvenile idiopathic inflammatory myopathies "
        "and their major subgroups",
        authors=[
            person("Lundberg", "Ingrid E."),
            person("Tjärnlund", "Anna"),
            person("Bottai", "Matteo"),
            person("Werth", "Victoria P."),
            person("Pilkington", "Clarissa"),
            person("de Visser", "Marianne"),
            organisation("International Myositis Classification Criteria Project"),
        ],
        container_title="Annals of the Rheumatic Diseases",
        container_title_short="Ann Rheum Dis",
        year=2017,
        volume="76",
        issue="12",
        pages="1955-1964",
        doi="10.1136/annrheumdis-2017-211468",
        pmid="29079590",
    ),
}

PSOAS_MYOSITIS = """\
## From the Guidelines

Psoas myositis is inflammation or infection of the psoas muscle, most often bacterial
(pyomyositis) and most often caused by *Staphylococcus aureus* [@crum2004].
Infectious-disease guidelines on skin and soft-tissue infection recommend early imaging and
empirical antibiotics active against *S. aureus*, including MRSA where it is common
[@stevens2014].

## From the Research

- Empirical therapy: vancomycin, narrowed once cultures return (for example to cefazolin
  for methicillin-susceptible strains) [@stevens2014; @crum2004].
- Drainage: a collection that forms an abscess usually needs percutaneous (CT-guided) or
  surgical drainage [@mallick2004].
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
electromyography and, when needed, muscle biopsy [@lundberg2017].

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
CT or MRI confirms the diagnosis [@mallick2004].
"""

PYOMYOSITIS = """\
## From the Research

Pyomyositis evolves in stages: an invasive stage with crampy pain and a firm "woody"
muscle; a suppurative stage with fever and an abscess (when most patients present); and a
late stage with sepsis. MRI shows the extent of muscle involvement early [@crum2004].
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
